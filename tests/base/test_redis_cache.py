"""The Redis cache (django-redis): one connection pool per process for every cache object,
and incr answering as Django's does, which django-ratelimit relies on."""

import uuid

import pytest
from django_redis.cache import RedisCache

from tests.workshops.test_two_processes import redis_url  # noqa: F401  (the fixture)


def _cache(url: str) -> RedisCache:
    """A cache object as each request's context builds its own under ASGI."""
    return RedisCache(url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})


def test_every_cache_object_of_the_process_shares_one_pool_and_connection(redis_url):  # noqa: F811
    caches = [_cache(redis_url) for _number in range(20)]
    for number, cache in enumerate(caches):
        cache.set("key", number)
        assert cache.get("key") == number
    pools = {id(cache.client.get_client().connection_pool) for cache in caches}
    assert len(pools) == 1
    pool = caches[0].client.get_client().connection_pool
    # Django's own backend opened one connection per cache object, so per request.
    assert len(pool._available_connections) + len(pool._in_use_connections) == 1


def test_incr_counts_an_existing_key_and_refuses_a_missing_one_as_django_does(redis_url):  # noqa: F811
    cache = _cache(redis_url)
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")
    assert cache.get("missing") is None  # the refusal made no key
    assert cache.add("count", 0, 60) is True
    assert cache.incr("count") == 1
    assert cache.incr("count", 5) == 6
    assert cache.decr("count", 2) == 4
    assert cache.get("count") == 4
