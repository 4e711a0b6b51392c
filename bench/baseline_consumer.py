"""The benchmark's baseline: a bare Channels broadcast consumer with no auth and no database.

It is routed only when BENCH_BASELINE_SOCKET is set outside production, so the
live benchmark can compare the workshop socket with what Channels costs by itself.
A socket on the group named "console" is a screen (the facilitator's console, the
plenary): it gets every group's frames, as the workshop's console group does, so
the baseline carries the same fan-out as the app.
"""

from channels.generic.websocket import AsyncWebsocketConsumer

SCREENS = "bench.console"


class BroadcastBaselineConsumer(AsyncWebsocketConsumer):
    """Sends every text frame to everyone in the URL's group and to the screens, as it came."""

    async def connect(self) -> None:
        name = self.scope["url_route"]["kwargs"]["group"]
        self.group = SCREENS if name == "console" else f"bench.{name}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        event = {"type": "bench.echo", "text": text_data}
        await self.channel_layer.group_send(self.group, event)
        if self.group != SCREENS:
            await self.channel_layer.group_send(SCREENS, event)

    async def bench_echo(self, event: dict) -> None:
        """One broadcast frame, passed on."""
        await self.send(text_data=event["text"])
