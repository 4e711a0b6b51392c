"""Websocket consumers shared by every live feature: authentication and the message envelope."""

import asyncio
import json
import logging
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.services import user_group_name
from base.middleware import chosen_language

# Close codes sent to the browser; documented in docs/websocket-protocol.md.
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
MAX_FRAME_CHARS = 16_000

logger = logging.getLogger(__name__)


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

    async def __call__(self, scope, receive, send) -> None:
        # Every frame this socket sends, group events included, is in the page's language.
        with translation.override(chosen_language(scope.get("cookies", {}))):
            try:
                await super().__call__(scope, receive, send)
            finally:
                # An exception escaping an event handler ends the consumer without the
                # websocket.disconnect message, so disconnect() would never run.
                await self.finish()

    async def close(self, code: int | None = None, reason: str | None = None) -> None:
        """Close from the server end, and let go of the socket's rows at once.

        The browser may never answer the close (a dead network, a killed tab), and
        then no websocket.disconnect arrives for a long time, if ever.
        """
        await super().close(code, reason)
        await self.finish()

    async def disconnect(self, code: int) -> None:
        await self.finish()

    async def finish(self) -> None:
        """Run on_finished once, whichever way the socket ended."""
        if getattr(self, "finished", False):
            return
        self.finished = True
        try:
            await self.on_finished()
        finally:
            for group in getattr(self, "groups_joined", []):
                await self.channel_layer.group_discard(group, self.channel_name)
            self.groups_joined = []

    async def on_finished(self) -> None:
        """Subclasses close what the socket opened (attendance, timers) here."""

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            await self.receive_frame(text_data)
        except asyncio.CancelledError:
            raise
        except Exception:
            # A bug or a hostile frame (JSON nested thousands deep raises RecursionError)
            # must not take the socket down: the person keeps their board.
            logger.exception("websocket frame failed")
            await self.send_error("malformed", _("メッセージの形式が正しくありません。"))

    async def receive_frame(self, text_data: str | None) -> None:
        """Parse one frame and run its handler."""
        if text_data is None or len(text_data) > MAX_FRAME_CHARS:
            await self.send_error("malformed", _("メッセージの形式が正しくありません。"))
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            await self.send_error(
                "malformed", _("メッセージの形式が正しくありません（JSONではありません）。")
            )
            return
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            await self.send_error("malformed", _("メッセージには type が必要です。"))
            return
        handler_name = self.handlers.get(frame["type"])
        if handler_name is None:
            await self.send_error("unknown_type", _("この種類のメッセージは扱えません。"))
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
                {"type": "removed", "message": _("このページを見る権限がなくなりました。")}
            )
            await self.close(code=CLOSE_FORBIDDEN)

    async def session_ended(self, event: dict) -> None:
        """The person logged out elsewhere: tell the page, then close."""
        await self.send_json({"type": "session.ended", "message": _("ログアウトしました。")})
        await self.close(code=CLOSE_UNAUTHENTICATED)


class SessionConsumer(AuthenticatedJsonConsumer):
    """Heartbeat socket: pages learn that the session is alive, or that it ended."""

    handlers = {"ping": "handle_ping"}

    async def handle_ping(self, frame: dict) -> None:
        """Answer a heartbeat with the server's clock, so pages can show server time."""
        await self.send_json({"type": "pong", "server_time": timezone.now().isoformat()})
