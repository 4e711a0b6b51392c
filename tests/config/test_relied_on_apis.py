"""The framework internals our speed-ups rely on are still there (docs/performance.md).

Each test names the file that relies on the API. When one fails after an upgrade of
Django, Channels, asgiref or Wagtail, read that file's section of
docs/performance.md before changing anything: the speed-up may now be wrong, not
just slower.
"""

import asyncio
import inspect
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import django
from asgiref.sync import SyncToAsync, ThreadSensitiveContext
from channels.consumer import AsyncConsumer, get_handler_name
from channels.db import DatabaseSyncToAsync
from channels.layers import InMemoryChannelLayer
from django.core.handlers.asgi import ASGIHandler
from django.db import connection, connections
from django.http import HttpRequest
from wagtail.models import Site

from workshops.models import GroupMember, Post, Workshop, WorkshopGroup


def _parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


# config/asgi_handler.py -------------------------------------------------------


def test_django_asgi_handler_still_does_only_what_the_thread_reusing_handler_repeats():
    # ThreadReusingASGIHandler.__call__ replaces Django's: anything Django adds there
    # (beyond refusing non-HTTP, the context and handle) would be skipped.
    assert set(ASGIHandler.__call__.__code__.co_names) <= {
        "ValueError",
        "ThreadSensitiveContext",
        "handle",
    }
    assert _parameters(ASGIHandler.handle) == ["self", "scope", "receive", "send"]
    assert "set_prefix" in _parameters(django.setup)


def test_django_still_builds_a_sync_chain_that_get_response_runs():
    # The handler builds the middleware chain in sync mode and runs BaseHandler's sync
    # get_response on the request's thread; Django's async one must add nothing else.
    from django.core.handlers.base import BaseHandler

    assert _parameters(BaseHandler.load_middleware) == ["self", "is_async"]
    assert _parameters(BaseHandler.get_response) == ["self", "request"]
    sync_names = set(BaseHandler.get_response.__code__.co_names)
    assert set(BaseHandler.get_response_async.__code__.co_names) <= sync_names | {"sync_to_async"}


def test_asgiref_still_runs_a_thread_sensitive_context_on_the_callers_executor():
    parameter = inspect.signature(ThreadSensitiveContext).parameters["executor"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    executor = ThreadPoolExecutor(max_workers=1)

    async def thread_inside() -> int:
        async with ThreadSensitiveContext(executor=executor):
            return await SyncToAsync(threading.get_ident)()

    try:
        worker = executor.submit(threading.get_ident).result()
        assert asyncio.run(thread_inside()) == worker
    finally:
        executor.shutdown()


# base/channel_layer.py --------------------------------------------------------


def test_the_in_memory_layer_still_sweeps_through_clean_expired():
    # SweepingInMemoryChannelLayer rations _clean_expired; if Channels sweeps some
    # other way, the override silently does nothing.
    assert _parameters(InMemoryChannelLayer._clean_expired) == ["self"]
    assert _parameters(InMemoryChannelLayer.flush) == ["self"]
    calls = []

    class Counting(InMemoryChannelLayer):
        def _clean_expired(self):
            calls.append(1)
            super()._clean_expired()

    async def use(layer):
        channel = await layer.new_channel()
        await layer.group_add("g", channel)
        await layer.group_send("g", {"type": "x"})
        await layer.receive(channel)

    asyncio.run(use(Counting()))
    assert len(calls) >= 2  # once for the group send, once for the receive


# accounts/socket_db.py and the consumer's dispatch (workshops/consumers.py) ---


def test_channels_dispatch_still_only_adds_the_connection_cleanup_we_skip():
    # WorkshopConsumer.dispatch is Channels' without aclose_old_connections.
    assert set(AsyncConsumer.dispatch.__code__.co_names) <= {
        "getattr",
        "get_handler_name",
        "aclose_old_connections",
        "ValueError",
    }
    assert _parameters(AsyncConsumer.dispatch) == ["self", "message"]
    assert get_handler_name({"type": "workshop.post"}) == "workshop_post"


def test_channels_database_sync_to_async_still_only_closes_old_connections():
    # SocketDatabaseSyncToAsync replaces that closing with its own refresh.
    assert set(DatabaseSyncToAsync.thread_handler.__code__.co_names) <= {
        "close_old_connections",
        "super",
        "thread_handler",
    }
    assert _parameters(SyncToAsync.thread_handler)[:2] == ["self", "loop"]


def test_django_connections_still_expose_what_the_socket_refresh_reads():
    assert "initialized_only" in _parameters(connections.all)
    wrapper = connections["default"]
    for name in ("connection", "in_atomic_block", "errors_occurred", "alias"):
        assert hasattr(wrapper, name), name
    assert callable(wrapper.is_usable) and callable(wrapper.close)


# workshops/services.py: the post's UPDATE … RETURNING --------------------------


def test_the_databases_and_columns_the_post_update_names_are_still_there():
    assert sqlite3.sqlite_version_info >= (3, 35)  # RETURNING arrived in SQLite 3.35
    assert callable(connection.ops.adapt_datetimefield_value)
    assert callable(connection.ops.quote_name)
    written = {
        WorkshopGroup: {"id", "last_seq", "workshop_id"},
        GroupMember: {"group_id", "trainee_id"},
        Post: {"author_id", "created_at", "group_id"},
        Workshop: {"id"},
    }
    for model, columns in written.items():
        assert columns <= {field.column for field in model._meta.concrete_fields}, model


# base/site_cache.py -----------------------------------------------------------


def test_wagtail_still_finds_sites_through_the_private_lookup_and_request_attribute():
    assert _parameters(Site._find_for_request) == ["request"]
    # SiteCacheMiddleware sets request._wagtail_site; Wagtail must take it as found.
    request = SimpleNamespace(_wagtail_site="the cached site")
    assert Site.find_for_request(request) == "the cached site"
    assert callable(HttpRequest._get_raw_host) and callable(HttpRequest.get_port)


# base/models.py (SharedRestrictionsMixin) ---------------------------------------


def test_wagtail_still_checks_a_served_pages_restrictions_through_the_page():
    # The routed page brings its restrictions along; Wagtail must ask the page for
    # them, and only iterate what it gets, for the kept list to stand in for its query.
    from wagtail import wagtail_hooks

    source = inspect.getsource(wagtail_hooks.check_view_restrictions)
    assert "restrictions = page.get_view_restrictions()" in source
    assert "for restriction in restrictions:" in source


# certificates/selectors.py (certificate_by_code) ----------------------------------


def test_from_db_still_reads_a_subset_of_values_in_the_models_field_order():
    from certificates.models import Certificate

    assert _parameters(Certificate.from_db) == ["db", "field_names", "values"]
    fields = [field for field in Certificate._meta.concrete_fields if field.name in {"id", "code"}]
    built = Certificate.from_db("default", [field.attname for field in fields], [7, "ABCD"])
    assert (built.pk, built.code) == (7, "ABCD")
    assert built.get_deferred_fields() >= {"holder_name", "sha256"}


# config/balanced.py -------------------------------------------------------------


def test_uvicorn_still_serves_on_a_socket_it_is_handed():
    import uvicorn.config
    from uvicorn.main import main as command

    assert "fd" in _parameters(uvicorn.config.Config)
    # config.serve hands each process its socket as `uvicorn --fd N`.
    assert "--fd" in {option for param in command.params for option in param.opts}


# base/rate_cache.py -----------------------------------------------------------


def test_django_ratelimit_still_counts_with_add_then_incr_on_its_prefixed_key():
    # RateCountClient folds exactly this pair into one round trip: add answers "not
    # added" and incr makes the count. A get_usage that counted another way would
    # count wrongly or not at all.
    from django_ratelimit import core
    from django_redis.client import DefaultClient

    source = inspect.getsource(core.get_usage)
    assert "added = cache.add(cache_key, initial_value, period + EXPIRATION_FUDGE)" in source
    assert "count = cache.incr(cache_key)" in source
    assert "count = cache.get(cache_key, initial_value)" in source
    assert "RATELIMIT_CACHE_PREFIX" in inspect.getsource(core._make_cache_key)
    assert _parameters(DefaultClient.add) == [
        "self", "key", "value", "timeout", "version", "client",
    ]  # fmt: skip
    assert _parameters(DefaultClient.incr) == [
        "self", "key", "delta", "version", "client", "ignore_key_check",
    ]  # fmt: skip


# base/management/commands/db_worker.py ----------------------------------------


def test_django_tasks_db_still_starts_its_worker_inside_handle_with_no_start_hook():
    # Our db_worker preloads and then calls the library's handle, which must be what
    # builds and runs the worker; bench.certificates waits for its "Starting worker".
    # A worker-start signal in django-tasks would let the subclass go.
    import importlib.util

    from django_tasks import signals
    from django_tasks_db.management.commands import db_worker

    assert "worker.run" in inspect.getsource(db_worker.Command.handle)
    assert "Starting worker" in inspect.getsource(db_worker.Worker.run)
    # Django 6 moves the signals into django.tasks, which django-tasks-db then uses.
    modules = [signals]
    if importlib.util.find_spec("django.tasks") is not None:
        modules.append(importlib.import_module("django.tasks.signals"))
    for module in modules:
        assert not [name for name in vars(module) if "worker" in name.lower()], module
