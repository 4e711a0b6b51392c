"""Deleting in the CMS goes through the services, so open group-work sockets hear of it."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import transaction
from django.test import Client

from accounts.models import Role
from accounts.services import user_group_name
from courses import services
from courses.models import Cohort, Enrollment

from ..workshops.socket_helpers import connect, nothing_of, receive

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _admin_post(admin, url: str, data: dict | None = None):
    client = Client()
    client.force_login(admin)
    return client.post(url, data or {})


async def _listen_as(user_ids) -> str:
    """A channel that receives what is sent to these people's sockets."""
    layer = get_channel_layer()
    channel = await layer.new_channel()
    for user_id in user_ids:
        await layer.group_add(user_group_name(user_id), channel)
    return channel


async def test_deleting_an_enrollment_in_the_cms_closes_the_trainees_board(
    make_workshop, make_person, oita
):
    setup = await sync_to_async(make_workshop)(oita)
    trainee = setup.trainees[0]
    admin = await sync_to_async(make_person)(oita, Role.PREFECTURE_ADMIN)
    socket = await connect(setup.workshop.pk, trainee)
    enrollment = await sync_to_async(Enrollment.objects.get)(trainee=trainee)

    response = await sync_to_async(_admin_post)(
        admin, f"/admin/enrollments/delete/{enrollment.pk}/"
    )

    assert response.status_code == 302
    assert not await sync_to_async(Enrollment.objects.filter(pk=enrollment.pk).exists)()
    assert (await receive(socket, "removed"))["message"]
    output = await socket.receive_output(timeout=2)
    assert output["type"] == "websocket.close" and output["code"] == 4403
    await socket.disconnect()


async def test_a_cohort_with_group_work_is_kept_with_a_japanese_message(
    make_workshop, make_person, oita
):
    setup = await sync_to_async(make_workshop)(oita)
    admin = await sync_to_async(make_person)(oita, Role.PREFECTURE_ADMIN)
    socket = await connect(setup.workshop.pk, setup.trainees[0])
    cohort_id = setup.workshop.cohort_id

    def delete_and_follow():
        client = Client()
        client.force_login(admin)
        return client.post(f"/admin/cohorts/delete/{cohort_id}/", follow=True)

    response = await sync_to_async(delete_and_follow)()

    assert response.status_code == 200
    assert "グループワークなどの記録があるため削除できません" in response.content.decode()
    assert await sync_to_async(Cohort.objects.filter(pk=cohort_id).exists)()
    assert await sync_to_async(Enrollment.objects.filter(cohort_id=cohort_id).count)() == 4
    assert await nothing_of(socket, "removed")
    await socket.disconnect()


async def test_deleting_a_cohort_tells_its_trainees_and_facilitators_on_commit(
    make_program, make_cohort, make_person, oita
):
    def build():
        facilitator = make_person(oita, Role.FACILITATOR)
        cohort = make_cohort(make_program(lessons=1), oita, facilitators=[facilitator])
        trainee = make_person(oita, Role.TRAINEE)
        services.enrollment_create(trainee=trainee, cohort=cohort)
        return cohort, [trainee.pk, facilitator.pk], make_person(oita, Role.PREFECTURE_ADMIN)

    cohort, people, admin = await sync_to_async(build)()
    layer = get_channel_layer()
    channels = [await _listen_as([person]) for person in people]

    response = await sync_to_async(_admin_post)(admin, f"/admin/cohorts/delete/{cohort.pk}/")

    assert response.status_code == 302
    assert not await sync_to_async(Cohort.objects.filter(pk=cohort.pk).exists)()
    for channel in channels:
        event = await asyncio.wait_for(layer.receive(channel), timeout=2)
        assert event["type"] == "access.changed"


async def test_a_delete_that_is_rolled_back_tells_nobody(
    make_program, make_cohort, make_person, oita
):
    def build():
        trainee = make_person(oita, Role.TRAINEE)
        cohort = make_cohort(make_program(lessons=1), oita)
        return services.enrollment_create(trainee=trainee, cohort=cohort)

    enrollment = await sync_to_async(build)()
    enrollment_id = enrollment.pk
    channel = await _listen_as([enrollment.trainee_id])

    def delete_then_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            services.enrollment_delete(enrollment=enrollment)
            raise RuntimeError("rolled back")

    await sync_to_async(delete_then_fail)()

    assert await sync_to_async(Enrollment.objects.filter(pk=enrollment_id).exists)()
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(get_channel_layer().receive(channel), timeout=0.3)
