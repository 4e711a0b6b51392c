"""Connect to the workshop socket as a signed-in person, and read frames by type."""

import json

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application

from ..conftest import PASSWORD

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


async def cookie_for(user) -> tuple[bytes, bytes]:
    """A session cookie header for `user`, from a real sign-in."""

    def sign_in():
        client = Client()
        assert client.login(email=user.email, password=PASSWORD)
        return client.cookies["sessionid"].value

    return (b"cookie", f"sessionid={await sync_to_async(sign_in)()}".encode())


def communicator(workshop_id: int, *headers) -> WebsocketCommunicator:
    return WebsocketCommunicator(
        application, f"/ws/workshops/{workshop_id}/", headers=[(b"host", b"127.0.0.1"), *headers]
    )


async def connect(workshop_id: int, user) -> WebsocketCommunicator:
    """An open socket for `user`, with its first `state` frame already read."""
    socket = communicator(workshop_id, ORIGIN, await cookie_for(user))
    connected, code = await socket.connect()
    assert connected, code
    state = await receive(socket, "state")
    socket.state = state
    return socket


async def receive(socket: WebsocketCommunicator, frame_type: str, timeout: float = 2) -> dict:
    """The next frame of `frame_type`, skipping others (roster updates arrive at any time)."""
    while True:
        frame = await socket.receive_json_from(timeout=timeout)
        if frame["type"] == frame_type:
            return frame


async def send(socket: WebsocketCommunicator, frame: dict) -> None:
    await socket.send_to(text_data=json.dumps(frame, ensure_ascii=False))


async def nothing_of(socket: WebsocketCommunicator, frame_type: str, timeout: float = 0.3) -> bool:
    """True when no frame of `frame_type` arrives within `timeout`.

    receive_output() cancels the application on timeout, so this polls the queue instead.
    """
    await socket.receive_nothing(timeout=timeout)
    while not await socket.receive_nothing(timeout=0.01):
        if (await socket.receive_json_from())["type"] == frame_type:
            return False
    return True
