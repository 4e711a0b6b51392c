"""The matrix's websocket half: 大分県 cannot open 高知県's sockets, nor reach 高知県 with any frame.

Kept apart from test_prefecture_matrix.py because sockets need real commits
(transaction=True), which cannot share that module's rolled-back world.
"""

import json
import re
from collections import Counter

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client

from accounts.consumers import SessionConsumer
from config.routing import websocket_urlpatterns
from workshops.consumers import WorkshopConsumer

from ..workshops.socket_helpers import ORIGIN, communicator
from . import matrix_factories as factories
from .matrix import NEEDLES
from .world import ROLES, World, build_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONSUMERS = {"WorkshopConsumer": WorkshopConsumer, "SessionConsumer": SessionConsumer}
COVERED: Counter = Counter()


def _route(pattern) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", str(pattern.pattern))


def test_every_websocket_route_and_frame_type_is_declared():
    routes = [_route(pattern) for pattern in websocket_urlpatterns]
    assert "ws/workshops/<workshop_id>/" in routes
    undeclared = [route for route in routes if route not in factories.WEBSOCKETS]
    frames = [
        f"{name}: {frame_type}"
        for name, consumer in CONSUMERS.items()
        for frame_type in consumer.handlers
        if frame_type not in factories.FRAMES.get(name, {})
    ]
    assert not undeclared and not frames, (
        "Declare these in tests/security/matrix_factories.py (WEBSOCKETS, FRAMES): "
        f"{undeclared + frames}"
    )


def _cookie(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (
        b"cookie",
        f"{settings.SESSION_COOKIE_NAME}={client.cookies['sessionid'].value}".encode(),
    )


def _shown(text: str) -> list[str]:
    data = text.encode()
    return [label for _marker, label, needle in NEEDLES if needle in data]


async def _drain(socket, wait: float = 0.25) -> list[str]:
    """Every frame the socket sends within `wait`, as text; a close is recorded as one too.

    receive_output() cancels the application on timeout, so this polls the queue.
    """
    await socket.receive_nothing(timeout=wait)
    received = []
    while not await socket.receive_nothing(timeout=0.02):
        message = await socket.receive_output()
        if message["type"] == "websocket.send":
            received.append(message.get("text") or repr(message.get("bytes")))
        else:
            received.append(json.dumps(message))
    return received


def _rows(queryset) -> list:
    return [sorted(row.items()) for row in queryset.order_by("pk").values()]


def _snapshot(workshop_ids: list[int] | None = None) -> dict:
    """Rows the frames could change: every workshop's, or only those of `workshop_ids`."""
    from accounts.models import Membership
    from courses.models import Enrollment
    from workshops.models import (
        Announcement,
        Attendance,
        GroupMember,
        Highlight,
        Post,
        Workshop,
        WorkshopGroup,
    )

    workshops = Workshop.objects.all()
    if workshop_ids is not None:
        workshops = workshops.filter(pk__in=workshop_ids)
    rows = {
        "workshops": _rows(workshops),
        "groups": _rows(WorkshopGroup.objects.filter(workshop__in=workshops)),
        "members": _rows(GroupMember.objects.filter(workshop__in=workshops)),
        "posts": _rows(Post.objects.filter(group__workshop__in=workshops)),
        "highlights": _rows(Highlight.objects.filter(workshop__in=workshops)),
        "announcements": _rows(Announcement.objects.filter(workshop__in=workshops)),
        "attendance": _rows(Attendance.objects.filter(workshop__in=workshops)),
    }
    if workshop_ids is None:
        rows["enrollments"] = _rows(Enrollment.objects.all())
        rows["memberships"] = _rows(Membership.objects.all())
    return rows


async def _world() -> World:
    return await sync_to_async(build_world)(cases=False)


async def test_no_role_of_oita_opens_a_socket_of_kochi():
    world = await _world()
    failures = []
    for role in ("anonymous", *ROLES):
        headers = [ORIGIN]
        if role != "anonymous":
            headers.append(await sync_to_async(_cookie)(world.oita.people[role]))
        socket = communicator(world.kochi.workshop.pk, *headers)
        connected, code = await socket.connect()
        COVERED["handshakes"] += 1
        expected = 4401 if role == "anonymous" else 4403
        if connected or code != expected:
            failures.append(
                f"ws/workshops/{world.kochi.workshop.pk}/ as {role}: {connected}, {code}"
            )
        if connected:
            failures += [
                f"as {role}: {label}" for text in await _drain(socket) for label in _shown(text)
            ]
        await socket.disconnect()
        if role != "anonymous":
            failures += await _session_frames(world, role, headers)
    attended = await sync_to_async(
        lambda: world.kochi.workshop.attendance.filter(left_at__isnull=True).count()
    )()
    print(f"\nsocket matrix: {COVERED['handshakes']} handshakes, {COVERED['frames']} frames so far")
    assert not failures and attended == 0, "\n".join(failures) + f"\nopen attendance: {attended}"


async def _session_frames(world: World, role: str, headers: list) -> list[str]:
    """The session socket answers each 大分県 role and says nothing of 高知県."""
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    socket = WebsocketCommunicator(
        application, "/ws/session/", headers=[(b"host", b"127.0.0.1"), *headers]
    )
    connected, code = await socket.connect()
    failures = [] if connected else [f"ws/session/ as {role} refused: {code}"]
    for frame_type, frames in factories.FRAMES["SessionConsumer"].items():
        for answer in await _send_all(socket, frames.kochi(world)):
            failures += [
                f"ws/session/ {frame_type} as {role}: {label}"
                for text in answer
                for label in _shown(text)
            ]
    await socket.disconnect()
    return failures


async def _connect(world: World, user) -> tuple[object, list[str]]:
    socket = communicator(world.oita.workshop.pk, ORIGIN, await sync_to_async(_cookie)(user))
    connected, code = await socket.connect()
    assert connected, code
    return socket, await _drain(socket)


async def _send_all(socket, frames: list[dict]) -> list[list[str]]:
    answers = []
    for frame in frames:
        await socket.send_to(text_data=json.dumps(frame, ensure_ascii=False))
        COVERED["frames"] += 1
        answers.append(await _drain(socket))
    return answers


def _is_error(answer: list[str]) -> bool:
    return any(json.loads(text).get("type") == "error" for text in answer if text.startswith("{"))


@pytest.mark.parametrize("who", ["trainee", "facilitator"])
async def test_no_frame_of_oita_reaches_kochi(who):
    """大分県's own socket, sent every frame type with 高知県's ids: refused alike, nothing changes."""
    world = await _world()
    user = world.oita.people[who]
    kochi_ids = [world.kochi.workshop.pk]
    socket, opening = await _connect(world, user)
    failures = [f"opening frames: {label}" for text in opening for label in _shown(text)]
    for frame_type, frames in factories.FRAMES["WorkshopConsumer"].items():
        before = await sync_to_async(_snapshot)()
        kochi_before = await sync_to_async(_snapshot)(kochi_ids)
        answers = await _send_all(socket, frames.kochi(world))
        after = await sync_to_async(_snapshot)()
        kochi_after = await sync_to_async(_snapshot)(kochi_ids)
        where = f"{frame_type} as 大分県 {who}"
        failures += [
            f"{where}: {label}" for answer in answers for text in answer for label in _shown(text)
        ]
        refused = frames.refused or (who == "trainee" and frame_type in _facilitator_types())
        if refused:
            failures += [
                f"{where}: no error frame, got {answer}"
                for answer in answers
                if not _is_error(answer)
            ]
        if frames.missing is not None or refused:
            changed = [table for table in before if before[table] != after[table]]
            if changed:
                failures.append(f"{where}: changed {changed}")
        elif kochi_before != kochi_after:
            failures.append(f"{where}: changed 高知県's rows")
        if frames.missing is not None:
            generic = await _send_all(socket, frames.missing(world))
            for sent, answer, other in zip(frames.kochi(world), answers, generic, strict=True):
                if answer != other:
                    failures.append(
                        f"{where}: answer to {sent} differs from the answer for ids that do not "
                        f"exist: {answer} vs {other}"
                    )
    await socket.disconnect()
    still_kochi = await sync_to_async(_snapshot)(kochi_ids)
    print(f"\nsocket matrix: {COVERED['handshakes']} handshakes, {COVERED['frames']} frames so far")
    assert not failures, "\n".join(failures)
    assert still_kochi["posts"] and still_kochi["members"]


def _facilitator_types() -> set[str]:
    from workshops.consumers import FACILITATOR_HANDLERS

    return set(FACILITATOR_HANDLERS)
