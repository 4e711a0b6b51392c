"""The embedded channel layer still delivers, and still expires, with its once-a-second sweep."""

import asyncio
import time

from base.channel_layer import SweepingInMemoryChannelLayer


def _run(coroutine):
    return asyncio.run(coroutine)


def test_group_send_reaches_every_member_and_only_members():
    async def scenario():
        layer = SweepingInMemoryChannelLayer()
        one, two, other = [await layer.new_channel() for _ in range(3)]
        await layer.group_add("board.1", one)
        await layer.group_add("board.1", two)
        await layer.group_add("board.2", other)
        await layer.group_send("board.1", {"type": "post", "n": 1})
        got = [await layer.receive(one), await layer.receive(two)]
        return got, layer.channels.get(other)

    got, untouched = _run(scenario())
    assert got == [{"type": "post", "n": 1}, {"type": "post", "n": 1}]
    assert untouched is None


def test_the_sweep_runs_at_most_once_per_interval(monkeypatch):
    layer = SweepingInMemoryChannelLayer()
    sweeps = []
    monkeypatch.setattr(
        "channels.layers.InMemoryChannelLayer._clean_expired", lambda self: sweeps.append(1)
    )
    clock = [100.0]
    monkeypatch.setattr("base.channel_layer.time.monotonic", lambda: clock[0])
    for _ in range(50):
        layer._clean_expired()
    assert len(sweeps) == 1
    clock[0] += layer.sweep_seconds
    layer._clean_expired()
    assert len(sweeps) == 2


def test_expired_messages_and_memberships_are_still_dropped(monkeypatch):
    async def scenario():
        layer = SweepingInMemoryChannelLayer(expiry=60, group_expiry=3600)
        stale, fresh = await layer.new_channel(), await layer.new_channel()
        await layer.group_add("workshop.1", stale)
        await layer.send(stale, {"type": "old"})
        # Two minutes later: the stale channel's message has expired, the fresh one joins.
        wall = time.time() + 120
        monkeypatch.setattr("channels.layers.time.time", lambda: wall)
        layer._next_sweep = 0.0
        await layer.group_add("workshop.1", fresh)
        await layer.group_send("workshop.1", {"type": "new"})
        return layer, stale, fresh

    layer, stale, fresh = _run(scenario())
    assert stale not in layer.groups["workshop.1"]
    assert stale not in layer.channels
    assert fresh in layer.channels


def test_flush_empties_and_rearms_the_sweep():
    async def scenario():
        layer = SweepingInMemoryChannelLayer()
        channel = await layer.new_channel()
        await layer.group_add("g", channel)
        layer._clean_expired()
        await layer.flush()
        return layer

    layer = _run(scenario())
    assert layer.groups == {} and layer.channels == {}
    assert layer._next_sweep == 0.0
