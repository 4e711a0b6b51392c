"""Taking a role away on the people page, and turning a user off in the CMS, reach open sockets."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import Membership, Role, User

from ..workshops.socket_helpers import connect, receive

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def oita_admin(oita, make_person):
    return make_person(oita, Role.PREFECTURE_ADMIN)


@pytest.fixture
def admin_client(client, oita_admin):
    client.force_login(oita_admin)
    return client


def _revoke_url(prefecture, membership) -> str:
    return reverse(
        "accounts:membership_revoke", kwargs={"slug": prefecture.slug, "pk": membership.pk}
    )


def test_an_admin_takes_a_role_away_and_the_person_is_told_on_commit(
    admin_client, oita, make_person, monkeypatch, django_capture_on_commit_callbacks
):
    told = []
    monkeypatch.setattr(services, "user_access_changed", lambda *, user_id: told.append(user_id))
    person = make_person(oita, Role.TRAINEE, full_name="外される 人")
    membership = person.memberships.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(_revoke_url(oita, membership), follow=True)

    assert response.status_code == 200
    assert "外される 人 さんの受講者の役割を外しました。" in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert told == [person.pk]


def test_the_members_page_offers_a_revoke_button_with_a_csrf_token(admin_client, oita, make_person):
    membership = make_person(oita, Role.TRAINEE).memberships.get()
    html = admin_client.get(reverse("accounts:members", kwargs={"slug": oita.slug})).content
    html = html.decode()
    assert _revoke_url(oita, membership) in html
    assert "csrfmiddlewaretoken" in html and "役割を外す" in html


def test_revoking_is_post_only_and_needs_the_csrf_token(oita, oita_admin, make_person):
    membership = make_person(oita, Role.TRAINEE).memberships.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(oita_admin)
    assert client.get(_revoke_url(oita, membership)).status_code == 405
    assert client.post(_revoke_url(oita, membership)).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_another_prefectures_roles_are_404(
    client, admin_client, oita, kochi, oita_admin, make_person
):
    kochi_membership = make_person(kochi, Role.TRAINEE, full_name="高知 花子").memberships.get()
    oita_membership = make_person(oita, Role.TRAINEE).memberships.get()
    for url in (
        _revoke_url(oita, kochi_membership),
        _revoke_url(kochi, kochi_membership),
        _revoke_url(kochi, oita_membership),
        reverse("accounts:membership_revoke", kwargs={"slug": oita.slug, "pk": 999999}),
    ):
        response = admin_client.post(url)
        assert response.status_code == 404
        assert "高知 花子" not in response.content.decode()
    for role in (Role.TRAINEE, Role.FACILITATOR, Role.COMMITTEE):
        client.force_login(make_person(oita, role))
        assert client.post(_revoke_url(oita, oita_membership)).status_code == 404
    assert Membership.objects.filter(pk__in=[kochi_membership.pk, oita_membership.pk]).count() == 2


def test_an_admin_cannot_take_their_own_admin_role(admin_client, oita, oita_admin):
    membership = oita_admin.memberships.get(role=Role.PREFECTURE_ADMIN)
    response = admin_client.post(_revoke_url(oita, membership), follow=True)
    assert "自分の都道府県担当者の役割は外せません。" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_admin_role_takes_the_cms_group_with_it(client, oita, kochi, make_person):
    person = make_person(oita, Role.PREFECTURE_ADMIN)
    services.membership_grant(user=person, prefecture=kochi, role=Role.PREFECTURE_ADMIN)
    group = Group.objects.get(name=services.PREFECTURE_ADMIN_GROUP)

    services.membership_revoke(membership=person.memberships.get(prefecture=oita))
    assert group in person.groups.all()

    services.membership_revoke(membership=person.memberships.get(prefecture=kochi))
    assert group not in person.groups.all()
    assert not person.memberships.exists()
    client.force_login(person)
    assert client.get("/admin/cohorts/").status_code in (302, 403)


@transactional
async def test_revoking_a_role_reaches_the_persons_open_sockets(oita, make_person):
    person = await sync_to_async(make_person)(oita, Role.FACILITATOR)
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(services.user_group_name(person.pk), channel)
    membership = await sync_to_async(person.memberships.get)()

    await sync_to_async(services.membership_revoke)(membership=membership)

    event = await asyncio.wait_for(layer.receive(channel), timeout=2)
    assert event["type"] == "access.changed"


def _superuser_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser(email="root@example.jp", password="x" * 12))
    return client


async def _assert_closed_as_signed_out(socket) -> None:
    assert (await receive(socket, "session.ended"))["message"]
    output = await socket.receive_output(timeout=2)
    assert output["type"] == "websocket.close" and output["code"] == 4401
    await socket.disconnect()


@transactional
async def test_deactivating_a_user_in_the_cms_closes_their_board(make_workshop, oita):
    setup = await sync_to_async(make_workshop)(oita)
    trainee = setup.trainees[0]
    socket = await connect(setup.workshop.pk, trainee)

    def deactivate():
        return _superuser_client().post(
            f"/admin/users/edit/{trainee.pk}/",
            {
                "email": trainee.email,
                "full_name": trainee.full_name,
                "furigana": "",
                "password1": "",
                "password2": "",
            },
        )

    response = await sync_to_async(deactivate)()
    assert response.status_code == 302
    assert not (await sync_to_async(User.objects.get)(pk=trainee.pk)).is_active
    await _assert_closed_as_signed_out(socket)


@transactional
async def test_bulk_deactivation_in_the_cms_closes_the_boards(make_workshop, oita):
    setup = await sync_to_async(make_workshop)(oita)
    trainee = setup.trainees[0]
    socket = await connect(setup.workshop.pk, trainee)

    def deactivate():
        return _superuser_client().post(
            f"/admin/bulk/accounts/user/set_active_state/?id={trainee.pk}",
            {"mark_as_active": "False"},
        )

    response = await sync_to_async(deactivate)()
    assert response.status_code == 302
    assert not (await sync_to_async(User.objects.get)(pk=trainee.pk)).is_active
    await _assert_closed_as_signed_out(socket)


@transactional
async def test_deleting_a_user_in_the_cms_closes_their_board(make_workshop, oita):
    setup = await sync_to_async(make_workshop)(oita)
    trainee = setup.trainees[0]
    socket = await connect(setup.workshop.pk, trainee)

    response = await sync_to_async(
        lambda: _superuser_client().post(f"/admin/users/delete/{trainee.pk}/")
    )()
    assert response.status_code == 302
    assert not await sync_to_async(User.objects.filter(pk=trainee.pk).exists)()
    await _assert_closed_as_signed_out(socket)
