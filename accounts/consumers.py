"""Websocket consumers shared by every live feature: authentication and the message envelope."""

import json
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import timezone

from accounts.services import user_group_name

# Close codes sent to the browser; documented in docs/websocket-protocol.md.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
MAX_FRAME_CHARS = 16_000


class AuthenticatedJsonConsumer(AsyncWebsocketConsumer):
    """Accepts only signed-in people, speaks JSON frames with a `type`, and closes on logout."""

    #: frame type -> name of the coroutine method that handles it
    handlers: dict[str, str] = {}

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.user = user
        if not await self.authorise():
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.groups_joined: list[str] = []
        await self.join(user_group_name(user.pk))
        await self.accept()
        await self.on_accepted()

    async def authorise(self) -> bool:
        """Subclasses refuse the handshake here; the base only needs a signed-in user."""
        return True

    async def on_accepted(self) -> None:
        """Subclasses send their first frames here."""

    async def join(self, group: str) -> None:
        """Join a channel-layer group and remember it for disconnect."""
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if text_data is None or len(text_data) > MAX_FRAME_CHARS:
            await self.send_error("malformed", "メッセージの形式が正しくありません。")
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            await self.send_error(
                "malformed", "メッセージの形式が正しくありません（JSONではありません）。"
            )
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.send_error("malformed", "メッセージには type が必要です。")
            return
        handler_name = self.handlers.get(frame["type"])
        if handler_name is None:
            await self.send_error("unknown_type", "この種類のメッセージは扱えません。")
            return
        await getattr(self, handler_name)(frame)

    async def send_json(self, content: dict[str, Any]) -> None:
        """Send one JSON frame, keeping Japanese readable on the wire."""
        await self.send(text_data=json.dumps(content, ensure_ascii=False))

    async def send_error(self, code: str, message: str, **extra: Any) -> None:
        """Send the documented error frame."""
        await self.send_json({"type": "error", "code": code, "message": message, **extra})

    async def access_changed(self, event: dict) -> None:
        """What the person may see changed: close if this socket is no longer theirs to hold."""
        if not await self.authorise():
            await self.send_json(
                {"type": "removed", "message": "このページを見る権限がなくなりました。"}
            )
            await self.close(code=CLOSE_FORBIDDEN)

    async def session_ended(self, event: dict) -> None:
        """The person logged out elsewhere: tell the page, then close."""
        await self.send_json({"type": "session.ended", "message": "ログアウトしました。"})
        await self.close(code=CLOSE_UNAUTHENTICATED)


class SessionConsumer(AuthenticatedJsonConsumer):
    """Heartbeat socket: pages learn that the session is alive, or that it ended."""

    handlers = {"ping": "handle_ping"}

    async def handle_ping(self, frame: dict) -> None:
        """Answer a heartbeat with the server's clock, so pages can show server time."""
        await self.send_json({"type": "pong", "server_time": timezone.now().isoformat()})
