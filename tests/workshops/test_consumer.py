"""The live workshop socket: who may connect, what a trainee may post, and where it goes."""

import pytest
from asgiref.sync import sync_to_async

from accounts.models import Role
from workshops.models import Attendance, Post

from .socket_helpers import ORIGIN, communicator, connect, cookie_for, nothing_of, receive, send

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


async def _setup(make_workshop, prefecture, **kwargs):
    return await sync_to_async(make_workshop)(prefecture, **kwargs)


def _stored() -> int:
    return Post.objects.count()


async def stored() -> int:
    return await sync_to_async(_stored)()


def post_frame(text: str = "本人の強みは料理が得意なこと", client_id: str = "c-1", **extra) -> dict:
    return {"type": "post", "client_id": client_id, "kind": "strength", "text": text, **extra}


async def test_an_anonymous_socket_is_refused_with_4401(make_workshop, oita):
    setup = await _setup(make_workshop, oita)
    socket = communicator(setup.workshop.pk, ORIGIN)
    connected, code = await socket.connect()
    assert not connected and code == 4401
    await socket.disconnect()


async def test_a_trainee_not_enrolled_is_refused_with_4403(make_workshop, make_person, oita, kochi):
    setup = await _setup(make_workshop, oita)
    for outsider in (
        await sync_to_async(make_person)(oita, Role.TRAINEE),
        await sync_to_async(make_person)(kochi, Role.TRAINEE),
        await sync_to_async(make_person)(kochi, Role.FACILITATOR),
    ):
        socket = communicator(setup.workshop.pk, ORIGIN, await cookie_for(outsider))
        connected, code = await socket.connect()
        assert not connected and code == 4403
        await socket.disconnect()
    assert await sync_to_async(Attendance.objects.count)() == 0


async def test_a_foreign_origin_is_refused(make_workshop, oita):
    setup = await _setup(make_workshop, oita)
    socket = communicator(
        setup.workshop.pk,
        (b"origin", b"https://evil.example.com"),
        await cookie_for(setup.trainees[0]),
    )
    connected, _code = await socket.connect()
    assert not connected
    await socket.disconnect()


async def test_an_unknown_workshop_is_refused(make_workshop, oita):
    setup = await _setup(make_workshop, oita)
    socket = communicator(999999, ORIGIN, await cookie_for(setup.trainees[0]))
    connected, code = await socket.connect()
    assert not connected and code == 4403
    await socket.disconnect()


async def test_a_post_reaches_the_group_and_the_console_but_not_other_groups(make_workshop, oita):
    setup = await _setup(make_workshop, oita, trainees=4, group_size=2)
    writer = await sync_to_async(setup.trainee_in)(1)
    group_one = await sync_to_async(lambda: setup.workshop.groups.get(number=1))()
    mate = await sync_to_async(lambda: group_one.members.exclude(trainee=writer).first().trainee)()
    other = await sync_to_async(setup.trainee_in)(2)
    sockets = [
        await connect(setup.workshop.pk, person)
        for person in (writer, mate, other, setup.facilitator)
    ]
    writer_socket, mate_socket, other_socket, console = sockets
    assert writer_socket.state["group"]["id"] == group_one.pk
    assert console.state["role"] == "facilitator" and len(console.state["groups"]) == 2

    await send(writer_socket, post_frame())
    ack = await receive(writer_socket, "post.ack")
    assert ack["client_id"] == "c-1" and ack["seq"] == 1
    for socket in (writer_socket, mate_socket, console):
        frame = await receive(socket, "post")
        assert frame["post"]["text"] == "本人の強みは料理が得意なこと"
        assert frame["post"]["seq"] == 1 and frame["post"]["kind_label"] == "強み"
    assert await nothing_of(other_socket, "post")
    assert await stored() == 1
    for socket in sockets:
        await socket.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (post_frame(text="あ" * 2001), "too_long"),
        (post_frame(text="   "), "invalid"),
        (post_frame(kind="gossip"), "invalid"),
        (post_frame(client_id=""), "invalid"),
        ({"type": "post", "text": "識別子なし", "kind": "notice"}, "invalid"),
        ({"type": "resume", "last_seq": [1]}, "invalid"),
        ({"type": "timer.start"}, "forbidden"),
        ({"type": "announce", "text": "全員へ"}, "forbidden"),
        ({"type": "launch"}, "unknown_type"),
    ],
)
async def test_bad_frames_from_a_trainee_get_the_documented_error_and_store_nothing(
    make_workshop, oita, frame, code
):
    setup = await _setup(make_workshop, oita)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    await send(socket, frame)
    reply = await receive(socket, "error")
    assert reply["code"] == code and reply["message"]
    assert await stored() == 0
    await socket.disconnect()


async def test_malformed_json_gets_an_error_and_stores_nothing(make_workshop, oita):
    setup = await _setup(make_workshop, oita)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    await socket.send_to(text_data='{"type": "post", "text": ')
    reply = await receive(socket, "error")
    assert reply["code"] == "malformed"
    assert await stored() == 0
    await socket.disconnect()


async def test_a_post_of_exactly_2000_characters_is_kept(make_workshop, oita):
    setup = await _setup(make_workshop, oita)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    await send(socket, post_frame(text="あ" * 2000))
    assert (await receive(socket, "post.ack"))["seq"] == 1
    await socket.disconnect()


async def test_writing_to_another_group_is_refused(make_workshop, oita):
    setup = await _setup(make_workshop, oita, trainees=4, group_size=2)
    writer = await sync_to_async(setup.trainee_in)(1)
    other_group_id = await sync_to_async(lambda: setup.workshop.groups.get(number=2).pk)()
    socket = await connect(setup.workshop.pk, writer)
    await send(socket, post_frame(group_id=other_group_id))
    reply = await receive(socket, "error")
    assert reply["code"] == "forbidden" and reply["client_id"] == "c-1"
    assert await stored() == 0
    await socket.disconnect()


async def test_a_trainee_without_a_group_cannot_post(make_workshop, oita):
    setup = await _setup(make_workshop, oita, assign=False)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    assert socket.state["group"] is None
    await send(socket, post_frame())
    assert (await receive(socket, "error"))["code"] == "no_group"
    assert await stored() == 0
    await socket.disconnect()


async def test_more_than_ten_posts_in_ten_seconds_is_a_flood(make_workshop, oita):
    setup = await _setup(make_workshop, oita)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    for number in range(10):
        await send(socket, post_frame(text=f"投稿{number}", client_id=f"c-{number}"))
        await receive(socket, "post.ack")
    await send(socket, post_frame(text="11件目", client_id="c-10"))
    reply = await receive(socket, "error")
    assert reply["code"] == "flood" and reply["client_id"] == "c-10"
    assert await stored() == 10
    await socket.disconnect()


async def test_a_resent_post_is_stored_once(make_workshop, oita):
    setup = await _setup(make_workshop, oita)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    await send(socket, post_frame(client_id="offline-1"))
    first = await receive(socket, "post.ack")
    await receive(socket, "post")
    await send(socket, post_frame(client_id="offline-1"))
    again = await receive(socket, "post.ack")
    assert again["seq"] == first["seq"] and again["id"] == first["id"]
    assert await nothing_of(socket, "post")
    assert await stored() == 1
    await socket.disconnect()


async def test_a_reconnecting_browser_gets_what_it_missed(make_workshop, oita):
    setup = await _setup(make_workshop, oita, trainees=4, group_size=2)
    writer = await sync_to_async(setup.trainee_in)(1)
    group = await sync_to_async(lambda: setup.workshop.groups.get(number=1))()
    reader = await sync_to_async(lambda: group.members.exclude(trainee=writer).first().trainee)()
    writer_socket = await connect(setup.workshop.pk, writer)
    for number in range(3):
        await send(writer_socket, post_frame(text=f"投稿{number + 1}", client_id=f"m-{number}"))
        await receive(writer_socket, "post.ack")
    reader_socket = await connect(setup.workshop.pk, reader)
    await send(reader_socket, {"type": "resume", "last_seq": {str(group.pk): 1}})
    missed = await receive(reader_socket, "posts")
    assert missed["group_id"] == group.pk
    assert [post["seq"] for post in missed["posts"]] == [2, 3]
    assert [post["text"] for post in missed["posts"]] == ["投稿2", "投稿3"]
    # Asking for another group's board gives this trainee only their own.
    other_group = await sync_to_async(lambda: setup.workshop.groups.get(number=2).pk)()
    await send(reader_socket, {"type": "resume", "last_seq": {str(other_group): 0}})
    own = await receive(reader_socket, "posts")
    assert own["group_id"] == group.pk
    assert await nothing_of(reader_socket, "posts")
    await writer_socket.disconnect()
    await reader_socket.disconnect()


async def test_the_facilitator_drives_phase_timer_and_announcements(make_workshop, oita):
    setup = await _setup(make_workshop, oita)
    trainee = await connect(setup.workshop.pk, setup.trainees[0])
    console = await connect(setup.workshop.pk, setup.facilitator)
    assert trainee.state["phase"]["name"] == "事例提示"
    assert trainee.state["timer"]["running"] is False

    await send(console, {"type": "timer.start"})
    timer = (await receive(trainee, "timer"))["timer"]
    assert timer["running"] and timer["deadline"] and timer["remaining_seconds"] > 590

    await send(console, {"type": "timer.extend", "minutes": 5})
    assert (await receive(trainee, "timer"))["timer"]["remaining_seconds"] > 890

    await send(console, {"type": "timer.pause"})
    paused = (await receive(trainee, "timer"))["timer"]
    assert not paused["running"] and paused["deadline"] is None

    await send(console, {"type": "phase.next"})
    phase = await receive(trainee, "phase")
    assert phase["phase"]["name"] == "質問・情報収集" and phase["phase"]["index"] == 2
    assert phase["phase"]["prompts"]

    await send(console, {"type": "phase.previous"})
    assert (await receive(trainee, "phase"))["phase"]["name"] == "事例提示"
    await send(console, {"type": "phase.previous"})
    assert (await receive(console, "error"))["code"] == "invalid"

    await send(console, {"type": "announce", "text": "あと5分です"})
    assert (await receive(trainee, "announcement"))["announcement"]["text"] == "あと5分です"

    await send(console, {"type": "timer.extend", "minutes": 0})
    assert (await receive(console, "error"))["code"] == "invalid"
    await send(console, {"type": "post", "client_id": "f", "kind": "notice", "text": "x"})
    assert (await receive(console, "error"))["code"] == "forbidden"
    await trainee.disconnect()
    await console.disconnect()


async def test_a_highlight_reaches_everyone(make_workshop, oita):
    setup = await _setup(make_workshop, oita)
    trainee = await connect(setup.workshop.pk, setup.trainees[0])
    console = await connect(setup.workshop.pk, setup.facilitator)
    await send(trainee, post_frame())
    post_id = (await receive(trainee, "post.ack"))["id"]
    await send(console, {"type": "highlight", "post_id": post_id})
    frame = await receive(trainee, "highlight")
    assert frame["on"] and frame["post"]["id"] == post_id and frame["post"]["group_name"]
    await send(console, {"type": "highlight", "post_id": 123456})
    assert (await receive(console, "error"))["code"] == "not_found"
    await trainee.disconnect()
    await console.disconnect()


async def test_moving_a_trainee_rescopes_their_socket_at_once(make_workshop, oita):
    setup = await _setup(make_workshop, oita, trainees=4, group_size=2)
    mover = await sync_to_async(setup.trainee_in)(1)
    stayer = await sync_to_async(setup.trainee_in)(2)
    group_two = await sync_to_async(lambda: setup.workshop.groups.get(number=2).pk)()
    mover_socket = await connect(setup.workshop.pk, mover)
    stayer_socket = await connect(setup.workshop.pk, stayer)
    console = await connect(setup.workshop.pk, setup.facilitator)

    await send(console, {"type": "member.move", "user_id": mover.pk, "group_id": group_two})
    assert (await receive(mover_socket, "moved"))["message"]
    state = await receive(mover_socket, "state")
    assert state["group"]["id"] == group_two
    roster = await receive(console, "roster")
    group_members = next(g for g in roster["groups"] if g["id"] == group_two)["members"]
    assert mover.pk in {member["id"] for member in group_members}

    await send(mover_socket, post_frame())
    frame = await receive(stayer_socket, "post")
    assert frame["post"]["group_id"] == group_two

    await send(console, {"type": "member.move", "user_id": mover.pk, "group_id": None})
    assert (await receive(mover_socket, "state"))["group"] is None
    await send(mover_socket, post_frame(client_id="c-2"))
    assert (await receive(mover_socket, "error"))["code"] == "no_group"
    for socket in (mover_socket, stayer_socket, console):
        await socket.disconnect()


async def test_logging_out_closes_the_workshop_socket(make_workshop, oita):
    from accounts.services import user_sessions_end

    setup = await _setup(make_workshop, oita)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    await sync_to_async(user_sessions_end)(user_id=setup.trainees[0].pk)
    assert (await receive(socket, "session.ended"))["message"]
    output = await socket.receive_output(timeout=2)
    assert output["type"] == "websocket.close" and output["code"] == 4401
    await socket.disconnect()


async def test_attendance_is_recorded_per_connection(make_workshop, oita):
    setup = await _setup(make_workshop, oita)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    rows = await sync_to_async(list)(Attendance.objects.filter(user=setup.trainees[0]))
    assert len(rows) == 1 and rows[0].left_at is None
    await socket.disconnect()
    row = await sync_to_async(Attendance.objects.get)(user=setup.trainees[0])
    assert row.left_at is not None


async def test_a_silent_socket_is_closed_by_the_heartbeat(make_workshop, oita, monkeypatch):
    from workshops.consumers import WorkshopConsumer

    monkeypatch.setattr(WorkshopConsumer, "idle_seconds", 0.4)
    setup = await _setup(make_workshop, oita)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    output = await socket.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await socket.receive_output(timeout=3)
    assert output["code"] == 4408
    await socket.disconnect()


async def test_a_withdrawn_trainee_is_closed_out_at_once(make_workshop, oita):
    from courses.models import Enrollment
    from courses.services import enrollment_set_status

    setup = await _setup(make_workshop, oita)
    trainee = setup.trainees[0]
    socket = await connect(setup.workshop.pk, trainee)
    enrollment = await sync_to_async(Enrollment.objects.get)(trainee=trainee)
    await sync_to_async(enrollment_set_status)(
        enrollment=enrollment, status=Enrollment.Status.WITHDRAWN
    )
    assert (await receive(socket, "removed"))["message"]
    output = await socket.receive_output(timeout=2)
    assert output["type"] == "websocket.close" and output["code"] == 4403
    await socket.disconnect()


async def test_the_prefecture_admin_watches_every_board_but_every_control_is_refused(
    make_workshop, make_person, oita
):
    """The administrator's console is read-only: each control frame gets `forbidden`."""
    from workshops.consumers import FACILITATOR_HANDLERS

    setup = await _setup(make_workshop, oita)
    admin = await sync_to_async(make_person)(oita, Role.PREFECTURE_ADMIN)
    trainee = await connect(setup.workshop.pk, setup.trainees[0])
    watcher = await connect(setup.workshop.pk, admin)
    assert watcher.state["role"] == "observer"
    assert len(watcher.state["groups"]) == 2

    await send(trainee, post_frame())
    assert (await receive(watcher, "post"))["post"]["text"] == post_frame()["text"]
    post_id = (await receive(trainee, "post.ack"))["id"]

    def snapshot():
        workshop = type(setup.workshop).objects.get(pk=setup.workshop.pk)
        return (
            workshop.status,
            workshop.current_phase_id,
            workshop.timer_deadline,
            workshop.timer_remaining,
            workshop.announcements.count(),
            workshop.highlights.count(),
            sorted(workshop.members.values_list("trainee_id", "group_id")),
        )

    before = await sync_to_async(snapshot)()
    other_group = watcher.state["groups"][1]["id"]
    frames = {
        "timer.start": {},
        "timer.pause": {},
        "timer.extend": {"minutes": 5},
        "phase.next": {},
        "phase.previous": {},
        "announce": {"text": "見ているだけの人から"},
        "member.move": {"user_id": setup.trainees[0].pk, "group_id": other_group},
        "highlight": {"post_id": post_id, "on": True},
        "workshop.end": {},
    }
    assert set(frames) == set(FACILITATOR_HANDLERS)
    for frame_type, fields in frames.items():
        await send(watcher, {"type": frame_type, **fields})
        reply = await receive(watcher, "error")
        assert reply["code"] == "forbidden" and reply["message"], frame_type
    assert await sync_to_async(snapshot)() == before
    assert await nothing_of(trainee, "announcement")
    # Watching is not attending: the record's attendance lists the trainee only.
    attendees = await sync_to_async(
        lambda: set(Attendance.objects.values_list("user_id", flat=True))
    )()
    assert attendees == {setup.trainees[0].pk}
    await trainee.disconnect()
    await watcher.disconnect()


async def test_another_prefectures_admin_cannot_watch(make_workshop, make_person, oita, kochi):
    setup = await _setup(make_workshop, oita)
    admin = await sync_to_async(make_person)(kochi, Role.PREFECTURE_ADMIN)
    socket = communicator(setup.workshop.pk, ORIGIN, await cookie_for(admin))
    connected, code = await socket.connect()
    assert not connected and code == 4403
    await socket.disconnect()
