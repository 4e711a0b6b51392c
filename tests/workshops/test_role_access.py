"""Joining a workshop needs the role as well as the enrollment or the facilitator list."""

import pytest
from asgiref.sync import sync_to_async

from accounts import services as account_services
from accounts.models import Role
from workshops import permissions

from .socket_helpers import ORIGIN, communicator, connect, cookie_for, receive

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _revoke(person, prefecture, role) -> None:
    account_services.membership_revoke(
        membership=person.memberships.get(prefecture=prefecture, role=role)
    )


@pytest.mark.django_db
def test_an_enrolled_trainee_without_the_trainee_role_is_no_participant(make_workshop, oita):
    setup = make_workshop(oita)
    trainee = setup.trainees[0]
    assert permissions.is_participant(trainee, setup.workshop)
    _revoke(trainee, oita, Role.TRAINEE)
    assert not permissions.is_participant(trainee, setup.workshop)
    assert setup.workshop not in permissions.workshops_visible_to(trainee)


@pytest.mark.django_db
def test_a_trainee_role_elsewhere_does_not_count(make_workshop, oita, kochi):
    setup = make_workshop(oita)
    trainee = setup.trainees[0]
    account_services.membership_grant(user=trainee, prefecture=kochi, role=Role.TRAINEE)
    _revoke(trainee, oita, Role.TRAINEE)
    assert not permissions.is_participant(trainee, setup.workshop)


@pytest.mark.django_db
def test_a_listed_facilitator_needs_the_facilitator_or_admin_role(make_workshop, oita, kochi):
    setup = make_workshop(oita)
    facilitator = setup.facilitator
    assert permissions.is_facilitator(facilitator, setup.workshop)
    account_services.membership_grant(user=facilitator, prefecture=kochi, role=Role.FACILITATOR)
    account_services.membership_grant(user=facilitator, prefecture=oita, role=Role.TRAINEE)
    _revoke(facilitator, oita, Role.FACILITATOR)
    assert not permissions.is_facilitator(facilitator, setup.workshop)
    assert not permissions.can_manage(facilitator, setup.workshop)
    assert setup.workshop not in permissions.workshops_visible_to(facilitator)
    account_services.membership_grant(user=facilitator, prefecture=oita, role=Role.PREFECTURE_ADMIN)
    assert permissions.is_facilitator(facilitator, setup.workshop)


@transactional
async def test_revoking_the_trainee_role_closes_the_open_board(make_workshop, oita):
    setup = await sync_to_async(make_workshop)(oita)
    trainee = setup.trainees[0]
    socket = await connect(setup.workshop.pk, trainee)
    await sync_to_async(_revoke)(trainee, oita, Role.TRAINEE)
    assert (await receive(socket, "removed"))["message"]
    output = await socket.receive_output(timeout=2)
    assert output["type"] == "websocket.close" and output["code"] == 4403
    await socket.disconnect()


@transactional
async def test_revoking_the_facilitator_role_closes_the_console(make_workshop, oita):
    setup = await sync_to_async(make_workshop)(oita)
    console = await connect(setup.workshop.pk, setup.facilitator)
    await sync_to_async(_revoke)(setup.facilitator, oita, Role.FACILITATOR)
    assert (await receive(console, "removed"))["message"]
    output = await console.receive_output(timeout=2)
    assert output["type"] == "websocket.close" and output["code"] == 4403
    await console.disconnect()


@transactional
async def test_a_trainee_without_the_role_cannot_connect(make_workshop, oita):
    setup = await sync_to_async(make_workshop)(oita)
    trainee = setup.trainees[0]
    await sync_to_async(_revoke)(trainee, oita, Role.TRAINEE)
    socket = communicator(setup.workshop.pk, ORIGIN, await cookie_for(trainee))
    connected, code = await socket.connect()
    assert not connected and code == 4403
    await socket.disconnect()
