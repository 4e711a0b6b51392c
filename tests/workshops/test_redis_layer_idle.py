"""The production channel layer keeps an idle socket's receive waiting past redis-py's 5 s default."""

import asyncio

import pytest
from channels_redis.core import RedisChannelLayer

from config.settings import redis_channel_hosts

from .test_two_processes import redis_url  # noqa: F401  (the fixture: REDIS_URL's, or its own)


async def _late_message(hosts: list) -> dict:
    """Wait on an empty channel for 7 s, longer than redis-py 8's 5 s read timeout."""
    layer = RedisChannelLayer(hosts=hosts)
    channel = await layer.new_channel()

    async def later():
        await asyncio.sleep(7)
        await layer.send(channel, {"type": "late.message"})

    sender = asyncio.ensure_future(later())
    try:
        return await asyncio.wait_for(layer.receive(channel), timeout=15)
    finally:
        await sender
        await layer.flush()
        await layer.close_pools()


def test_an_idle_receive_outlasts_the_client_socket_timeout(redis_url):  # noqa: F811
    assert asyncio.run(_late_message(redis_channel_hosts(redis_url))) == {"type": "late.message"}


def test_the_plain_url_is_what_broke(redis_url):  # noqa: F811
    """Keeps the reason for the setting true: with redis-py's defaults the receive fails."""
    import redis

    with pytest.raises(redis.exceptions.TimeoutError):
        asyncio.run(_late_message([redis_url]))
