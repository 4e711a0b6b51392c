"""Database access for websocket consumers that keeps its connection between frames.

Channels' database_sync_to_async closes old connections around every call, by
CONN_MAX_AGE, and this app once ran with CONN_MAX_AGE 0. Consumers run their
database calls on one long-lived thread instead, so reopening a connection for
every post was most of the cost of a post (measured with bench.live). This keeps
that one thread's connection for up to SOCKET_CONN_MAX_AGE seconds, and drops it
at once after an error that left it unusable.
"""

import threading
import time

from asgiref.sync import SyncToAsync
from django.db import connections

SOCKET_CONN_MAX_AGE = 60.0
_local = threading.local()


def _refresh_connections() -> None:
    """Close connections that are too old or broken; keep the others for the next frame."""
    now = time.monotonic()
    _opened: dict[str, tuple[int, float]] = _local.__dict__.setdefault("opened", {})
    for conn in connections.all(initialized_only=True):
        if conn.connection is None:
            continue
        if conn.in_atomic_block:
            # A transaction left open by a failed call must not leak into the next frame.
            conn.close()
            continue
        key = conn.alias
        identity, opened = _opened.get(key, (id(conn.connection), now))
        if identity != id(conn.connection):
            opened = now
        if now - opened > SOCKET_CONN_MAX_AGE or (conn.errors_occurred and not conn.is_usable()):
            conn.close()
            _opened.pop(key, None)
            continue
        conn.errors_occurred = False
        _opened[key] = (id(conn.connection), opened)


class SocketDatabaseSyncToAsync(SyncToAsync):
    """database_sync_to_async for consumers: same thread, but the connection is reused."""

    def __init__(self, func, thread_sensitive: bool = True, **kwargs):
        super().__init__(func, thread_sensitive=thread_sensitive, **kwargs)

    def thread_handler(self, loop, *args, **kwargs):
        _refresh_connections()
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            _refresh_connections()


socket_database_sync_to_async = SocketDatabaseSyncToAsync
