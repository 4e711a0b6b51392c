"""The session websocket: authenticated, Origin-checked, JSON frames, closed on logout."""

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from accounts.models import Role
from config.asgi import application

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ORIGIN = (b"origin", b"http://127.0.0.1:8000")


async def _session_cookie(make_person, oita) -> tuple[bytes, bytes]:
    def sign_in():
        user = make_person(oita, Role.TRAINEE)
        client = Client()
        assert client.login(email=user.email, password=PASSWORD)
        return user, client.cookies["sessionid"].value

    user, session_id = await sync_to_async(sign_in)()
    return user, (b"cookie", f"sessionid={session_id}".encode())


def _communicator(*headers) -> WebsocketCommunicator:
    return WebsocketCommunicator(
        application, "/ws/session/", headers=[(b"host", b"127.0.0.1"), *headers]
    )


async def test_an_anonymous_socket_is_refused():
    communicator = _communicator(ORIGIN)
    connected, _code = await communicator.connect()
    assert not connected
    await communicator.disconnect()


async def test_a_signed_in_person_gets_pong_for_ping(make_person, oita):
    _user, cookie = await _session_cookie(make_person, oita)
    communicator = _communicator(ORIGIN, cookie)
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_to(text_data=json.dumps({"type": "ping"}))
    reply = await communicator.receive_json_from()
    assert reply["type"] == "pong" and "server_time" in reply
    await communicator.disconnect()


async def test_a_foreign_origin_is_refused_even_when_signed_in(make_person, oita):
    _user, cookie = await _session_cookie(make_person, oita)
    communicator = _communicator((b"origin", b"https://evil.example.com"), cookie)
    connected, _ = await communicator.connect()
    assert not connected
    await communicator.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [("{not json", "malformed"), ("[1, 2]", "malformed"), ('{"type": "launch"}', "unknown_type")],
)
async def test_malformed_frames_get_a_documented_error(make_person, oita, frame, code):
    _user, cookie = await _session_cookie(make_person, oita)
    communicator = _communicator(ORIGIN, cookie)
    await communicator.connect()
    await communicator.send_to(text_data=frame)
    reply = await communicator.receive_json_from()
    assert reply["type"] == "error" and reply["code"] == code
    assert reply["message"]
    await communicator.disconnect()


async def test_logging_out_closes_the_socket_at_once(make_person, oita):
    from accounts.services import user_sessions_end

    user, cookie = await _session_cookie(make_person, oita)
    communicator = _communicator(ORIGIN, cookie)
    await communicator.connect()
    await sync_to_async(user_sessions_end)(user_id=user.pk)
    reply = await communicator.receive_json_from()
    assert reply["type"] == "session.ended"
    closed = await communicator.receive_output()
    assert closed == {"type": "websocket.close", "code": 4401}
    await communicator.disconnect()
