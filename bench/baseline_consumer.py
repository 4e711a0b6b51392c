"""The benchmark's baseline: a bare Channels broadcast consumer with no auth and no database.

It is routed only when BENCH_BASELINE_SOCKET is set outside production, so the
live benchmark can compare the workshop socket with what Channels costs by itself.
"""

from channels.generic.websocket import AsyncWebsocketConsumer


class BroadcastBaselineConsumer(AsyncWebsocketConsumer):
    """Sends every text frame to everyone in the URL's group, as it came."""

    async def connect(self) -> None:
        self.group = f"bench.{self.scope['url_route']['kwargs']['group']}"
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        await self.channel_layer.group_send(self.group, {"type": "bench.echo", "text": text_data})

    async def bench_echo(self, event: dict) -> None:
        """One broadcast frame, passed on."""
        await self.send(text_data=event["text"])
