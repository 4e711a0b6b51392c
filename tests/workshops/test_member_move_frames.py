"""`member.move` finds people only among the workshop's own trainees, and names nobody else."""

import pytest
from asgiref.sync import sync_to_async
from django.core.management.color import no_style
from django.db import connection

from accounts.models import Role, User
from workshops import selectors
from workshops.models import GroupMember

from .socket_helpers import connect, receive, send

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _make_user_one(make_person, prefecture, role, **fields) -> User:
    """Make user 1 (what `true` used to mean), then move the id sequence past it.

    reset_sequences would do it, but on PostgreSQL it resets the sequences before the
    serialized rollback restores Wagtail's pages, so the next page made collides.
    """
    person = make_person(prefecture, role, id=1, **fields)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [User]):
            cursor.execute(statement)
    return person


async def _answer(console, user_id, group_id) -> dict:
    await send(console, {"type": "member.move", "user_id": user_id, "group_id": group_id})
    return await receive(console, "error")


async def test_anyone_outside_the_cohort_gets_one_answer_that_names_nobody(
    make_workshop, make_person, oita, kochi
):
    first = await sync_to_async(_make_user_one)(
        make_person, oita, Role.TRAINEE, full_name="最初 の人"
    )
    setup = await sync_to_async(make_workshop)(oita)
    other = await sync_to_async(make_workshop)(oita)
    assert first.pk == 1
    outsiders = [
        await sync_to_async(make_person)(kochi, Role.TRAINEE, full_name="高知 花子"),
        await sync_to_async(make_person)(kochi, Role.PREFECTURE_ADMIN, full_name="高知 太郎"),
        other.trainees[0],
        other.facilitator,
        first,
    ]
    group_id = await sync_to_async(lambda: setup.workshop.groups.first().pk)()
    console = await connect(setup.workshop.pk, setup.facilitator)
    missing = await _answer(console, 999999, group_id)
    assert missing["code"] == "not_found" and missing["message"]
    for person in outsiders:
        for target in (group_id, None):
            answer = await _answer(console, person.pk, target)
            assert answer == missing
            assert person.get_full_name() not in str(answer)
    for user_id in (True, float(first.pk), str(setup.trainees[0].pk), 2**63, 0, -1, [1], None):
        assert await _answer(console, user_id, group_id) == missing, user_id
    placed = await sync_to_async(
        lambda: set(
            GroupMember.objects.filter(workshop=setup.workshop).values_list("trainee_id", flat=True)
        )
    )()
    assert not placed & {person.pk for person in outsiders}
    await console.disconnect()


async def test_a_group_id_must_be_a_real_int_of_this_workshop(make_workshop, oita):
    setup = await sync_to_async(make_workshop)(oita)
    other = await sync_to_async(make_workshop)(oita)
    trainee = setup.trainees[0]
    before = await sync_to_async(lambda: GroupMember.objects.get(trainee=trainee).group_id)()
    foreign = await sync_to_async(lambda: other.workshop.groups.first().pk)()
    console = await connect(setup.workshop.pk, setup.facilitator)
    for group_id in (True, float(before), str(before), 2**63, foreign):
        assert (await _answer(console, trainee.pk, group_id))["code"] == "not_found"
    after = await sync_to_async(lambda: GroupMember.objects.get(trainee=trainee).group_id)()
    assert after == before
    await console.disconnect()


def test_the_selector_finds_enrolled_and_placed_trainees_only(make_workshop, make_person, oita):
    setup = make_workshop(oita)
    trainee = setup.trainees[0]
    assert selectors.workshop_trainee(setup.workshop, trainee.pk) == trainee
    for user_id in (True, float(trainee.pk), str(trainee.pk), 2**63, 0, None):
        assert selectors.workshop_trainee(setup.workshop, user_id) is None
    assert selectors.workshop_trainee(setup.workshop, setup.facilitator.pk) is None
    assert selectors.workshop_trainee(setup.workshop, make_person(oita).pk) is None
