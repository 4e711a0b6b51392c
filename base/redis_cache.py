"""Django's Redis cache with one client per server process, and an increment in one round trip.

Django keeps each cache object in an asgiref Local that is not thread-critical, so
under ASGI every request's context builds a RedisCache of its own, with a new
ConnectionPool and so a new TCP connection and handshake (django/django#18459, still
open): one connection per request on the verify page, whose opening was 28% of a
server process's time, more than the view (py-spy under bench.certificates). And
every cache call built a new redis.Redis around the pool, 57 µs of a 108 µs get.
This backend keeps one redis.Redis, with its pool, per process for each server and
set of options, and every cache object of the process uses it; redis-py's client and
pool are thread-safe and renew their connections after a fork.

Django's incr asks EXISTS, then INCRBY: two round trips for every rate-limit count
(django-ratelimit adds the key, then increments it). The script does both in one,
with the same answer: ValueError for a missing key.
"""

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

# Increment only a key that exists, as Django's incr does; nil (None) when it does not.
_INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""


class ProcessRedisCacheClient(RedisCacheClient):
    """Django's client, handing out the process's redis.Redis instead of a new one per call."""

    _shared: dict[tuple[str, str], tuple] = {}
    _lock = threading.Lock()

    def __init__(self, servers, **options) -> None:
        super().__init__(servers, **options)
        self._mine: dict[str, tuple] = {}

    def _shared_client(self, write: bool) -> tuple:
        """(the process's redis.Redis for the server this call goes to, its increment script)."""
        server = self._servers[self._get_connection_pool_index(write)]
        shared = self._mine.get(server)
        if shared is None:
            shared = self._mine[server] = self._process_client(server)
        return shared

    def _process_client(self, server: str) -> tuple:
        key = (server, repr(sorted(self._pool_options.items())))
        with self._lock:
            shared = self._shared.get(key)
            if shared is None:
                pool = self._pool_class.from_url(server, **self._pool_options)
                client = self._client(connection_pool=pool)
                shared = self._shared[key] = (client, client.register_script(_INCR_EXISTING))
        return shared

    def get_client(self, key=None, *, write=False):
        return self._shared_client(write)[0]

    def incr(self, key, delta):
        _client, increment = self._shared_client(True)
        value = increment(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class RedisCache(DjangoRedisCache):
    """The project's Redis cache: Django's, on the process's one client (ProcessRedisCacheClient)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ProcessRedisCacheClient
