"""The Redis cache (django-redis): one connection pool per process for every cache object,
incr answering as Django's does, and django-ratelimit's hits counted in one round trip."""

import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django_ratelimit import core as ratelimit_core
from django_ratelimit.core import get_usage
from django_redis.cache import RedisCache

from base.rate_cache import FALLBACK_TIMEOUT
from tests.workshops.test_two_processes import redis_url  # noqa: F401  (the fixture)

#: The client settings give the default cache with REDIS_URL.
RATE_CLIENT = "base.rate_cache.RateCountClient"


def _cache(url: str, client_class: str | None = None) -> RedisCache:
    """A cache object as each request's context builds its own under ASGI."""
    options = {"OPTIONS": {"CLIENT_CLASS": client_class}} if client_class else {}
    return RedisCache(url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", **options})


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


# base/rate_cache.py: django-ratelimit's hits in one round trip -------------------


@pytest.fixture
def commands(monkeypatch) -> list[str]:
    """The name of every command sent to Redis meanwhile."""
    sent: list[str] = []
    original = redis.Redis.execute_command

    def counted(self, *args, **options):
        sent.append(str(args[0]).upper())
        return original(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counted)
    return sent


def _request(address: str):
    request = RequestFactory().get("/verify/ABCD-EFGH-JKMN/", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return request


def test_a_ratelimit_hit_is_one_round_trip_and_counts_as_django_ratelimit_expects(
    redis_url,  # noqa: F811
    commands,
    monkeypatch,
    settings,
):
    cache = _cache(redis_url, client_class=RATE_CLIENT)
    monkeypatch.setattr(ratelimit_core, "caches", {"counts": cache})
    settings.RATELIMIT_USE_CACHE = "counts"
    cache.get("warm")  # the connection is opened outside the count
    usages = []
    for _hit in range(4):
        commands.clear()
        usages.append(
            get_usage(_request("192.0.2.1"), group="g", key="ip", rate="3/m", increment=True)
        )
        # django-redis's own client sent SET for the first hit, then SET and EVAL.
        assert commands == ["EVAL"]
    assert [usage["count"] for usage in usages] == [1, 2, 3, 4]
    assert [usage["should_limit"] for usage in usages] == [False, False, False, True]
    # The count expires with the window django-ratelimit asked for (a minute and its
    # 5 s of slack), set when the count was made.
    counted = [
        key for key in cache.keys("*") if key.startswith(django_settings.RATELIMIT_CACHE_PREFIX)
    ]
    assert len(counted) == 1
    assert 55 < cache.ttl(counted[0]) <= 65
    # Each address and group has its own count.
    other = get_usage(_request("192.0.2.2"), group="g", key="ip", rate="3/m", increment=True)
    assert other["count"] == 1
    # A look without counting answers the count and changes nothing.
    look = get_usage(_request("192.0.2.1"), group="g", key="ip", rate="3/m", increment=False)
    assert look["count"] == 4
    again = get_usage(_request("192.0.2.1"), group="g", key="ip", rate="3/m", increment=False)
    assert again["count"] == 4


def test_a_count_expires_with_the_timeout_django_ratelimit_gave_and_other_keys_are_untouched(
    redis_url,  # noqa: F811
):
    cache = _cache(redis_url, client_class=RATE_CLIENT)
    key = django_settings.RATELIMIT_CACHE_PREFIX + "count"
    assert cache.add(key, 1, 70) is False  # made by incr, not here
    assert cache.get(key) is None
    assert cache.incr(key) == 1
    assert cache.incr(key, 2) == 3
    assert 60 < cache.ttl(key) <= 70  # set when made, not pushed on by later hits
    assert cache.get(key) == 3
    # An incr with no add before it still expires (FALLBACK_TIMEOUT), not never.
    lone = django_settings.RATELIMIT_CACHE_PREFIX + "lone"
    assert cache.incr(lone) == 1
    assert 0 < cache.ttl(lone) <= FALLBACK_TIMEOUT
    # Any other key is django-redis's own: add adds once, incr refuses a missing key.
    assert cache.add("other", 0, 60) is True
    assert cache.add("other", 5, 60) is False
    assert cache.incr("other") == 1
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")
