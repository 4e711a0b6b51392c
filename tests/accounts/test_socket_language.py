"""The base consumer speaks the language the person chose in the footer, like the pages."""

import pytest
from channels.testing import WebsocketCommunicator

from config.asgi import application

from .test_session_socket import ORIGIN, _session_cookie

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


async def _error_message(cookie: tuple[bytes, bytes], language: str | None) -> str:
    name, value = cookie
    if language is not None:
        value += f"; django_language={language}".encode()
    communicator = WebsocketCommunicator(
        application, "/ws/session/", headers=[(b"host", b"127.0.0.1"), ORIGIN, (name, value)]
    )
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_to(text_data='{"type": "launch"}')
    reply = await communicator.receive_json_from()
    await communicator.disconnect()
    return reply["message"]


async def test_messages_are_english_when_english_is_chosen(make_person, oita):
    _user, cookie = await _session_cookie(make_person, oita)
    assert await _error_message(cookie, "en") == "This kind of message cannot be handled."


async def test_messages_stay_japanese_by_default_and_for_unknown_languages(make_person, oita):
    _user, cookie = await _session_cookie(make_person, oita)
    assert await _error_message(cookie, None) == "この種類のメッセージは扱えません。"
    assert await _error_message(cookie, "xx") == "この種類のメッセージは扱えません。"
