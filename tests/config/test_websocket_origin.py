"""A websocket handshake is let through only from one of the site's own origins, exactly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
SITE = "http://127.0.0.1:8000"
PUBLIC = "https://tsunagu.example.jp"


@pytest.fixture
def origins(settings):
    settings.WEBSOCKET_ALLOWED_ORIGINS = [SITE, PUBLIC]


async def _handshake(person, *origins: str) -> bool:
    """Whether a signed-in person's socket to /ws/session/ is accepted with these Origin headers."""

    def sign_in() -> str:
        client = Client()
        assert client.login(email=person.email, password=PASSWORD)
        return client.cookies["sessionid"].value

    headers = [
        (b"host", b"127.0.0.1"),
        (b"cookie", f"sessionid={await sync_to_async(sign_in)()}".encode()),
    ]
    headers += [(b"origin", origin.encode("latin1")) for origin in origins]
    socket = WebsocketCommunicator(application, "/ws/session/", headers=headers)
    connected, _code = await socket.connect()
    await socket.disconnect()
    return connected


@pytest.mark.parametrize(
    "origin",
    [SITE, PUBLIC, "https://tsunagu.example.jp:443", "HTTPS://Tsunagu.Example.JP", f"{SITE}/"],
)
async def test_the_sites_own_origins_are_accepted(origins, make_person, oita, origin):
    person = await sync_to_async(make_person)(oita)
    assert await _handshake(person, origin)


@pytest.mark.parametrize(
    "origin",
    [
        "http://127.0.0.1:9999",  # another port
        "http://localhost:8000",  # another host
        "https://127.0.0.1:8000",  # another scheme
        "http://tsunagu.example.jp",  # the public host over plain http
        "https://tsunagu.example.jp:8443",
        "https://evil.tsunagu.example.jp",
        "https://tsunagu.example.jp.evil.example.com",
        "https://evil.example.com",
        "null",
        "",
        "http://127.0.0.1:99999",  # a port out of range used to raise ValueError
        "http://someone@127.0.0.1:8000",
        "http://127.0.0.1:8000/ws/",
        "ws://127.0.0.1:8000",
    ],
)
async def test_any_other_origin_is_refused(origins, make_person, oita, origin):
    person = await sync_to_async(make_person)(oita)
    assert not await _handshake(person, origin)


async def test_a_missing_or_repeated_origin_is_refused(origins, make_person, oita):
    person = await sync_to_async(make_person)(oita)
    assert not await _handshake(person)
    assert not await _handshake(person, "https://evil.example.com", SITE)
    assert not await _handshake(person, SITE, SITE)


def test_the_allowed_origins_are_the_site_url_and_the_csrf_trusted_origins():
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(' '.join(settings.WEBSOCKET_ALLOWED_ORIGINS))",
        ],
        cwd=ROOT,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SITE_URL": "https://tsunagu.example.jp",
            "CSRF_TRUSTED_ORIGINS": "https://proxy.example.jp,http://10.0.0.5:8080",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "https://tsunagu.example.jp",
        "https://proxy.example.jp",
        "http://10.0.0.5:8080",
    ]
