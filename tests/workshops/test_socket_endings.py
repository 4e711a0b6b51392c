"""No frame breaks the live socket, and attendance closes however the socket ends."""

import pytest
from asgiref.sync import sync_to_async

from workshops.models import Attendance

from .socket_helpers import connect, receive, send

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


async def _setup(make_workshop, prefecture, **kwargs):
    return await sync_to_async(make_workshop)(prefecture, **kwargs)


async def _open_rows(user) -> int:
    return await sync_to_async(Attendance.objects.filter(user=user, left_at__isnull=True).count)()


async def _closed_by_server(socket) -> dict:
    output = await socket.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await socket.receive_output(timeout=3)
    return output


async def _still_answers(socket) -> None:
    await send(socket, {"type": "ping"})
    assert (await receive(socket, "pong"))["server_time"]


@pytest.mark.parametrize("frame", ["[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000])
async def test_deeply_nested_json_is_malformed_and_the_socket_stays_usable(
    make_workshop, oita, frame
):
    setup = await _setup(make_workshop, oita)
    trainee = setup.trainees[0]
    socket = await connect(setup.workshop.pk, trainee)
    await socket.send_to(text_data=frame)
    reply = await receive(socket, "error")
    assert reply["code"] == "malformed" and reply["message"]
    await _still_answers(socket)
    assert await _open_rows(trainee) == 1
    await socket.disconnect()
    assert await _open_rows(trainee) == 0


async def test_any_exception_in_a_handler_answers_malformed(make_workshop, oita, monkeypatch):
    from workshops.consumers import WorkshopConsumer

    async def broken(self, frame):
        raise KeyError("a bug in a handler")

    monkeypatch.setattr(WorkshopConsumer, "handle_resume", broken)
    setup = await _setup(make_workshop, oita)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    await send(socket, {"type": "resume", "last_seq": {}})
    assert (await receive(socket, "error"))["code"] == "malformed"
    await _still_answers(socket)
    await socket.disconnect()


async def test_a_socket_killed_by_an_event_handler_still_closes_attendance(
    make_workshop, oita, monkeypatch
):
    from workshops import broadcast
    from workshops.consumers import WorkshopConsumer

    async def broken(self, event):
        raise RuntimeError("a bug while redrawing")

    monkeypatch.setattr(WorkshopConsumer, "workshop_refresh", broken)
    setup = await _setup(make_workshop, oita)
    trainee = setup.trainees[0]
    socket = await connect(setup.workshop.pk, trainee)
    await sync_to_async(broadcast.refresh_everyone)(setup.workshop.pk)
    with pytest.raises(RuntimeError):
        await socket.receive_output(timeout=3)
    assert await _open_rows(trainee) == 0


async def test_the_idle_timeout_closes_attendance_without_waiting_for_the_client(
    make_workshop, oita, monkeypatch
):
    from workshops.consumers import WorkshopConsumer

    monkeypatch.setattr(WorkshopConsumer, "idle_seconds", 0.4)
    setup = await _setup(make_workshop, oita)
    trainee = setup.trainees[0]
    socket = await connect(setup.workshop.pk, trainee)
    assert (await _closed_by_server(socket))["code"] == 4408
    assert await _open_rows(trainee) == 0
    await socket.disconnect()
    assert await _open_rows(trainee) == 0


async def test_logging_out_closes_attendance_without_waiting_for_the_client(make_workshop, oita):
    from accounts.services import user_sessions_end

    setup = await _setup(make_workshop, oita)
    trainee = setup.trainees[0]
    socket = await connect(setup.workshop.pk, trainee)
    await sync_to_async(user_sessions_end)(user_id=trainee.pk)
    assert (await _closed_by_server(socket))["code"] == 4401
    assert await _open_rows(trainee) == 0
    await socket.disconnect()


async def test_removal_closes_attendance_without_waiting_for_the_client(make_workshop, oita):
    from courses.models import Enrollment
    from courses.services import enrollment_set_status

    setup = await _setup(make_workshop, oita)
    trainee = setup.trainees[0]
    socket = await connect(setup.workshop.pk, trainee)
    enrollment = await sync_to_async(Enrollment.objects.get)(trainee=trainee)
    await sync_to_async(enrollment_set_status)(
        enrollment=enrollment, status=Enrollment.Status.WITHDRAWN
    )
    assert (await _closed_by_server(socket))["code"] == 4403
    assert await _open_rows(trainee) == 0
    await socket.disconnect()


async def test_closing_by_the_client_closes_attendance_once(make_workshop, oita):
    setup = await _setup(make_workshop, oita)
    trainee = setup.trainees[0]
    socket = await connect(setup.workshop.pk, trainee)
    await socket.disconnect()
    rows = await sync_to_async(list)(Attendance.objects.filter(user=trainee))
    assert len(rows) == 1 and rows[0].left_at is not None
