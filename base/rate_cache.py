"""Rate-limit counts in one Redis round trip: the cache client for django-ratelimit's keys.

django-ratelimit counts a hit as `cache.add(key, 1, period)` and then, when the key
was already there, `cache.incr(key)`: two round trips on every rate-limited request.
On the verify page, which every QR scan opens, they were a quarter of the server's
wall-clock samples under 50 connections (py-spy). No library counts both in one;
django-redis offers neither a combined call nor a hook, so this client does it:

- `add` answers "not added" without asking Redis, and remembers the timeout it was
  given for the key;
- `incr` adds and, on a key with no expiry yet (the one it has just made), sets that
  timeout, in one Lua script, so the count and its expiry are made together.

django-ratelimit then reads the count from `incr`, as it does for a key that was
there. Its other call, a look without counting (`add(key, 0)`, then `get`), still
answers the count. Only keys under settings.RATELIMIT_CACHE_PREFIX are counted this
way, and only django-ratelimit writes there; every other key is django-redis's own.
It is the default cache's client rather than a second cache's, because under ASGI
each request builds its own cache objects, and a second one cost more than the
round trip it saved (wrk on the verify page).
"""

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django_redis.client import DefaultClient
from django_redis.client.default import _main_exceptions
from django_redis.exceptions import ConnectionInterrupted

#: The expiry of a count whose timeout was not remembered (an incr with no add before
#: it): a day, longer than any window a rate here uses. The window is in the key, so an
#: old count is never read again; the expiry only frees its memory.
FALLBACK_TIMEOUT = 24 * 60 * 60

_COUNT = """
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('TTL', KEYS[1]) == -1 then
    redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return count
"""


def _is_count(key) -> bool:
    prefix = settings.RATELIMIT_CACHE_PREFIX
    # With no prefix every key would look like a count, and no add would ever add.
    return bool(prefix) and isinstance(key, str) and key.startswith(prefix)


class RateCountClient(DefaultClient):
    """django-redis's client, with a rate-limit hit counted in one round trip."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django keeps a cache object, so its client, per thread and per request
        # context, so the add just before an incr is always this thread's own.
        self._last_add = (None, None)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, client=None) -> bool:
        """A rate-limit count: not added, with no round trip (incr makes it with this timeout)."""
        if not _is_count(key):
            return super().add(key, value, timeout=timeout, version=version, client=client)
        self._last_add = (self.make_key(key, version=version), timeout)
        return False

    def incr(self, key, delta=1, version=None, client=None, ignore_key_check=False) -> int:
        """A rate-limit count after adding `delta`, the key made (with its expiry) if it was not there."""
        if not _is_count(key):
            return super().incr(
                key, delta, version=version, client=client, ignore_key_check=ignore_key_check
            )
        if client is None:
            client = self.get_client(write=True)
        made = self.make_key(key, version=version)
        last_key, timeout = self._last_add
        if last_key != made or not isinstance(timeout, int | float) or timeout <= 0:
            timeout = FALLBACK_TIMEOUT
        self._last_add = (None, None)
        try:
            return client.eval(_COUNT, 1, made, delta, int(timeout))
        except _main_exceptions as exc:  # as django-redis's own incr reports a lost server
            raise ConnectionInterrupted(connection=client) from exc
