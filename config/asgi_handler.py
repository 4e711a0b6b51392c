"""Django's ASGI handler on a few long-lived threads, so a request's database connection is reused."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.db import connections


class ThreadReusingASGIHandler(ASGIHandler):
    """Django's ASGI handler, running each request's sync code on a reused one-thread executor.

    Django gives every request a ThreadSensitiveContext with a new thread that is
    started and joined around it, so the thread's database connection dies with the
    request. On SQLite each request then reopened the file and re-read the 322-object
    schema (2.7 ms, before its first query ran), and started a thread: together about
    a quarter of a lesson page's time (py-spy under bench.pages). asgiref lets a
    context run on an executor its caller owns; neither it nor Django keeps a pool of
    them, so this does: up to `idle_threads` executors wait between requests, each
    with the connection it opened, which Django renews under CONN_MAX_AGE and
    CONN_HEALTH_CHECKS. Each request still has a thread to itself while it runs.

    At most `max_in_flight` requests run at once; the rest wait on the event loop.
    Unbounded, a burst of 200 quiz submissions on two processes opened a thread and a
    PostgreSQL connection each, passed the server's 100 connections, and 130 of them
    got a 500 (bench.assessments --production). Waiting costs a queued request nothing
    but time, and 2 cores gain nothing from more threads than this: with 16 threads
    per process they queued for the GIL at every database and cache round trip, and
    the verify page served 420 requests a second under 50 connections, with 4 595,
    with 2 690 and the lowest p95 (docs/performance.md).
    """

    idle_threads = 16

    def __init__(self) -> None:
        super().__init__()
        # Touched only on the event loop's thread, so a plain list is safe.
        self._idle: list[ThreadPoolExecutor] = []
        self.max_in_flight = settings.ASGI_MAX_REQUEST_THREADS
        self._slots = asyncio.Semaphore(self.max_in_flight)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            # Django refuses anything but HTTP; keep its error.
            await super().__call__(scope, receive, send)
            return
        async with self._slots:
            executor = self._idle.pop() if self._idle else self._new_executor()
            try:
                async with ThreadSensitiveContext(executor=executor):
                    await self.handle(scope, receive, send)
            finally:
                self._release(executor)

    def load_middleware(self, is_async=False):
        """Build the middleware chain in sync mode, as under WSGI: every middleware here is sync.

        Django builds it async under ASGI, so the sync middlewares are entered on a
        thread, the innermost calls back to the event loop, and the (sync) view goes
        to the thread again: three hand-overs per request. Run whole on one thread,
        a verify page cost 3.28 ms of CPU instead of 3.85 (bench in docs/performance.md).
        """
        super().load_middleware(is_async=False)

    async def get_response_async(self, request):
        """The sync chain, on this request's thread (see load_middleware)."""
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)

    def _new_executor(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="django-request")

    def _release(self, executor: ThreadPoolExecutor) -> None:
        """Keep the executor for the next request, or retire it with its connections."""
        if len(self._idle) < self.idle_threads:
            self._idle.append(executor)
            return
        executor.submit(connections.close_all)
        executor.shutdown(wait=False)


def get_asgi_application() -> ThreadReusingASGIHandler:
    """Set Django up and return the handler, as django.core.asgi.get_asgi_application does."""
    import django

    django.setup(set_prefix=False)
    return ThreadReusingASGIHandler()
