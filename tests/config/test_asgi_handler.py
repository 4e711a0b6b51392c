"""Requests run on reused threads, so a thread's database connection serves the next request."""

import asyncio
import threading

import pytest
from asgiref.sync import sync_to_async
from django.db import connection, connections

from config.asgi_handler import ThreadReusingASGIHandler


def _recording_handler(seen: list, gate: asyncio.Event | None = None) -> ThreadReusingASGIHandler:
    handler = ThreadReusingASGIHandler()

    async def handle(scope, receive, send):
        seen.append(await sync_to_async(threading.get_ident)())
        if gate is not None:
            await gate.wait()

    handler.handle = handle
    return handler


def test_one_request_after_another_runs_on_the_same_thread():
    seen: list[int] = []
    handler = _recording_handler(seen)

    async def two_requests():
        await handler({"type": "http"}, None, None)
        await handler({"type": "http"}, None, None)

    asyncio.run(two_requests())
    assert seen[0] == seen[1] != threading.get_ident()


def test_requests_at_once_get_threads_of_their_own_and_extras_retire():
    seen: list[int] = []

    async def three_at_once():
        gate = asyncio.Event()
        handler = _recording_handler(seen, gate)
        handler.idle_threads = 1
        handler._slots = asyncio.Semaphore(3)  # all three at once, whatever the setting
        calls = [asyncio.create_task(handler({"type": "http"}, None, None)) for _ in range(3)]
        while len(seen) < 3:
            await asyncio.sleep(0.01)
        gate.set()
        await asyncio.gather(*calls)
        return handler

    handler = asyncio.run(three_at_once())
    assert len(set(seen)) == 3
    assert len(handler._idle) == 1


def test_anything_but_http_is_refused_as_django_does():
    with pytest.raises(ValueError, match="only handle ASGI/HTTP"):
        asyncio.run(ThreadReusingASGIHandler()({"type": "websocket"}, None, None))


@pytest.mark.django_db
def test_a_real_request_keeps_its_connection_for_the_next():
    handler = ThreadReusingASGIHandler()
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/healthz",
        "query_string": b"",
        "headers": [(b"host", b"localhost")],
        "server": ("localhost", 80),
    }

    async def request() -> int:
        sent = []
        messages = [{"type": "http.request", "body": b"", "more_body": False}]

        async def receive():
            if messages:
                return messages.pop()
            await asyncio.Event().wait()  # the client stays connected

        async def send(message):
            sent.append(message)

        await handler(scope, receive, send)
        return sent[0]["status"]

    def connection_id():
        return id(connection.connection)

    async def scenario():
        assert await request() == 200
        first = handler._idle[0].submit(connection_id).result()
        assert await request() == 200
        second = handler._idle[0].submit(connection_id).result()
        # The kept connection would stop the test database from being dropped.
        handler._idle[0].submit(connections.close_all).result()
        return first, second

    first, second = asyncio.run(scenario())
    assert first == second != id(None)


def test_a_burst_waits_for_a_slot_instead_of_opening_a_thread_each():
    seen: list[int] = []

    async def five_at_once():
        gate = asyncio.Event()
        handler = _recording_handler(seen, gate)
        handler._slots = asyncio.Semaphore(2)
        calls = [asyncio.create_task(handler({"type": "http"}, None, None)) for _ in range(5)]
        for _ in range(20):
            await asyncio.sleep(0.01)
        running = len(seen)
        gate.set()
        await asyncio.gather(*calls)
        return running

    running = asyncio.run(five_at_once())
    assert running == 2
    assert len(seen) == 5 and len(set(seen)) <= 2


def test_the_cap_comes_from_the_setting(settings):
    settings.ASGI_MAX_REQUEST_THREADS = 3
    assert ThreadReusingASGIHandler().max_in_flight == 3
