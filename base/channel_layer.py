"""The embedded default's channel layer: Channels' in-memory layer with a bounded expiry sweep."""

import time

from channels.layers import InMemoryChannelLayer


class SweepingInMemoryChannelLayer(InMemoryChannelLayer):
    """Channels' in-memory layer, sweeping expired messages and memberships once a second.

    Channels' layer sweeps every queue and every group membership on each send to a
    group and each receive, so with 200 sockets in three groups each a live session
    spent close to half of the server's time in that sweep (py-spy under bench.live).
    Messages expire after a minute and memberships after a day, so sweeping once a
    second changes nothing anyone could see. No library offers an in-process layer
    without the sweep; channels-redis needs a Redis server, which the embedded
    default must not.
    """

    sweep_seconds = 1.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._next_sweep = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.sweep_seconds
        super()._clean_expired()

    async def flush(self) -> None:
        await super().flush()
        self._next_sweep = 0.0
