"""Frames whose ids are not integers, or whose text cannot be stored, are refused and store nothing."""

import pytest
from asgiref.sync import sync_to_async

from workshops.models import Announcement, Highlight, Post

from .socket_helpers import connect, receive, send

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def post_frame(**extra) -> dict:
    return {"type": "post", "client_id": "c-1", "kind": "strength", "text": "料理が得意", **extra}


def _counts() -> tuple[int, int, int]:
    return Post.objects.count(), Announcement.objects.count(), Highlight.objects.count()


@pytest.mark.parametrize(
    "frame",
    [
        post_frame(group_id=True),
        post_frame(group_id="1"),
        post_frame(group_id=1.0),
        post_frame(text="本人の\x00強み"),
        post_frame(text="文字化け\ufffdした"),
        post_frame(client_id="c-\x00"),
    ],
    ids=["group_true", "group_string", "group_float", "text_nul", "text_fffd", "client_id_nul"],
)
async def test_a_trainees_post_with_a_bad_id_or_text_is_refused(make_workshop, oita, frame):
    setup = await sync_to_async(make_workshop)(oita)
    trainee = setup.trainees[0]
    socket = await connect(setup.workshop.pk, trainee)
    # True == 1 in Python, so before this was refused `true` posted to group 1; a non-id
    # group_id is a wrong field (invalid), not another group (forbidden), whichever pk it has.
    await send(socket, frame)
    reply = await receive(socket, "error")
    assert reply["code"] == "invalid" and reply["message"]
    assert reply["client_id"] == frame["client_id"]
    assert await sync_to_async(_counts)() == (0, 0, 0)
    await socket.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"type": "announce", "text": "休憩\x00にします"}, "invalid"),
        ({"type": "announce", "text": "休憩\ufffdにします"}, "invalid"),
        ({"type": "highlight", "post_id": True}, "not_found"),
        ({"type": "highlight", "post_id": "1"}, "not_found"),
        ({"type": "highlight", "post_id": 2**63}, "not_found"),
    ],
    ids=["announce_nul", "announce_fffd", "post_true", "post_string", "post_huge"],
)
async def test_a_facilitators_frame_with_a_bad_id_or_text_is_refused(
    make_workshop, oita, frame, code
):
    from workshops import services

    setup = await sync_to_async(make_workshop)(oita)
    trainee = setup.trainees[0]

    def first_post() -> None:
        post, _created = services.post_create(
            workshop_id=setup.workshop.pk,
            author=trainee,
            kind="notice",
            text="一つめ",
            client_id="a",
        )
        # Python counts True as 1: with the post numbered 1, `true` would have found it.
        Post.objects.filter(pk=post.pk).update(id=1)

    await sync_to_async(first_post)()
    console = await connect(setup.workshop.pk, setup.facilitator)
    await send(console, frame)
    reply = await receive(console, "error")
    assert reply["code"] == code and reply["message"]
    assert await sync_to_async(_counts)() == (1, 0, 0)
    await console.disconnect()


async def test_text_with_line_breaks_and_tabs_is_still_posted(make_workshop, oita):
    setup = await sync_to_async(make_workshop)(oita)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    await send(socket, post_frame(text="一行目\n\t二行目"))
    assert (await receive(socket, "post.ack"))["seq"] == 1
    await socket.disconnect()


@pytest.mark.parametrize(
    "last_seq",
    [{"true": 0}, {"-1": 0}, {"1" * 25: 0}, {"{group}": True}, {"{group}": "3"}, {"{group}": 1.5}],
    ids=["key_true", "key_negative", "key_huge", "seq_true", "seq_string", "seq_float"],
)
async def test_resume_refuses_ids_and_numbers_that_are_not_integers(make_workshop, oita, last_seq):
    setup = await sync_to_async(make_workshop)(oita)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    group = str(socket.state["group"]["id"])
    last_seq = {key.replace("{group}", group): value for key, value in last_seq.items()}
    await send(socket, {"type": "resume", "last_seq": last_seq})
    reply = await receive(socket, "error")
    assert reply["code"] == "invalid" and reply["message"]
    await socket.disconnect()
