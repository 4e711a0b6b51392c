"""One prefecture never sees another's people: the scoping module and the views that use it."""

import pytest
from django.urls import reverse

from accounts import scoping
from accounts.models import Membership, Organisation, Role


def test_scope_keeps_only_rows_of_prefectures_where_the_user_holds_the_role(
    oita, kochi, make_person, make_organisation
):
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    own = make_organisation(oita)
    make_organisation(kochi)
    scoped = scoping.scope(Organisation.objects.all(), admin, roles=scoping.ADMIN_ROLES)
    assert list(scoped) == [own]


def test_a_role_in_the_wrong_prefecture_or_no_role_sees_nothing(
    oita, kochi, make_person, make_organisation
):
    make_organisation(oita)
    trainee = make_person(oita, Role.TRAINEE)
    outsider = make_person(None)
    assert not scoping.scope(
        Organisation.objects.all(), trainee, roles=scoping.ADMIN_ROLES
    ).exists()
    assert not scoping.scope(Organisation.objects.all(), outsider).exists()


def test_a_superuser_sees_every_prefecture_only_where_a_cms_screen_asks(
    oita, kochi, make_person, make_organisation
):
    from accounts.models import User

    make_organisation(oita)
    make_organisation(kochi)
    superuser = User.objects.create_superuser(email="super@example.jp", password="x" * 12)
    assert not Organisation.objects.for_user(superuser, roles=scoping.ADMIN_ROLES).exists()
    assert (
        Organisation.objects.for_user(
            superuser, roles=scoping.ADMIN_ROLES, superuser_sees_all=True
        ).count()
        == 2
    )
    superuser.is_active = False
    assert not Organisation.objects.for_user(superuser, superuser_sees_all=True).exists()


def test_anonymous_and_inactive_users_see_nothing(oita, make_person):
    from django.contrib.auth.models import AnonymousUser

    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    admin.is_active = False
    assert scoping.prefecture_ids_for(admin) == set()
    assert scoping.prefecture_ids_for(AnonymousUser()) == set()


def test_prefectures_for_lists_where_the_user_holds_a_role(oita, kochi, make_person):
    person = make_person(oita, Role.FACILITATOR)
    assert list(scoping.prefectures_for(person)) == [oita]
    assert list(scoping.prefectures_for(person, [Role.PREFECTURE_ADMIN])) == []


@pytest.fixture
def oita_admin_client(client, oita, make_person):
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    client.force_login(admin)
    return client


@pytest.mark.parametrize(
    "name", ["accounts:members", "accounts:member_invite", "accounts:organisations"]
)
def test_oita_administrator_gets_404_on_kochi_pages(oita_admin_client, kochi, name):
    response = oita_admin_client.get(reverse(name, kwargs={"slug": kochi.slug}))
    assert response.status_code == 404
    assert "お探しのページが見つかりません" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["accounts:members", "accounts:member_invite", "accounts:organisations"]
)
def test_oita_administrator_may_open_oita_pages(oita_admin_client, oita, name):
    response = oita_admin_client.get(reverse(name, kwargs={"slug": oita.slug}))
    assert response.status_code == 200


def test_oita_administrator_cannot_read_or_change_a_kochi_organisation(
    oita_admin_client, kochi, make_organisation
):
    theirs = make_organisation(kochi, name="高知の機関")
    url = reverse("accounts:organisation_edit", kwargs={"pk": theirs.pk})
    assert oita_admin_client.get(url).status_code == 404
    response = oita_admin_client.post(
        url, {"name": "書き換え", "kind": "other", "municipality": ""}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name.startswith("高知の機関")


def test_oita_administrator_cannot_invite_into_kochi(oita_admin_client, kochi):
    url = reverse("accounts:member_invite", kwargs={"slug": kochi.slug})
    response = oita_admin_client.post(
        url, {"email": "x@example.jp", "full_name": "誰か", "role": Role.TRAINEE}
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(prefecture=kochi).exists()


def test_oita_members_page_lists_only_oita_people(oita_admin_client, oita, kochi, make_person):
    make_person(oita, Role.TRAINEE, full_name="大分 受講者")
    make_person(kochi, Role.TRAINEE, full_name="高知 受講者")
    page = oita_admin_client.get(reverse("accounts:members", kwargs={"slug": oita.slug}))
    html = page.content.decode()
    assert "大分 受講者" in html
    assert "高知 受講者" not in html


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.FACILITATOR, Role.COMMITTEE])
def test_other_roles_of_the_same_prefecture_get_404_on_people_pages(
    client, oita, make_person, role
):
    client.force_login(make_person(oita, role))
    assert client.get(reverse("accounts:members", kwargs={"slug": oita.slug})).status_code == 404
    assert client.get(reverse("accounts:prefecture_index")).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, oita):
    response = client.get(reverse("accounts:members", kwargs={"slug": oita.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_prefecture_index_sends_a_single_prefecture_administrator_straight_on(
    oita_admin_client, oita
):
    response = oita_admin_client.get(reverse("accounts:prefecture_index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:members", kwargs={"slug": oita.slug})


def test_an_administrator_of_two_prefectures_chooses_between_them(client, oita, kochi, make_person):
    from accounts import services

    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    services.membership_grant(user=admin, prefecture=kochi, role=Role.PREFECTURE_ADMIN)
    client.force_login(admin)
    html = client.get(reverse("accounts:prefecture_index")).content.decode()
    assert "大分県" in html and "高知県" in html


def test_for_user_keeps_the_rows_of_prefectures_where_the_user_holds_the_role(
    oita, kochi, make_person, make_organisation
):
    from accounts import services

    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    # Administrator in 大分県, only a trainee in 高知県: the role decides, not the membership.
    services.membership_grant(user=admin, prefecture=kochi, role=Role.TRAINEE)
    own = make_organisation(oita)
    other = make_organisation(kochi)
    assert list(Organisation.objects.for_user(admin, roles=scoping.ADMIN_ROLES)) == [own]
    assert set(Organisation.objects.for_user(admin)) == {own, other}
    # Chains like any queryset, and a role held nowhere gives nothing.
    assert list(Organisation.objects.filter(pk=own.pk).for_user(admin)) == [own]
    assert not Organisation.objects.for_user(admin, roles=[Role.FACILITATOR]).exists()


def test_for_user_follows_each_models_path_to_its_prefecture(
    oita, kochi, make_program, enrolled_trainee, make_person
):
    from courses.models import Enrollment

    program = make_program()
    oita_trainee, _enrollment = enrolled_trainee(program, oita)
    enrolled_trainee(program, kochi)
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    seen = Enrollment.objects.for_user(admin, roles=scoping.ADMIN_ROLES)
    assert [row.trainee for row in seen] == [oita_trainee]


def test_admin_roles_names_the_prefecture_administrator():
    assert scoping.ADMIN_ROLES == (Role.PREFECTURE_ADMIN,)


def test_people_for_lists_only_people_of_the_users_prefectures_once_each(oita, kochi, make_person):
    from accounts import services
    from accounts.models import User

    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    trainee = make_person(oita, Role.TRAINEE)
    services.membership_grant(user=trainee, prefecture=oita, role=Role.FACILITATOR)
    make_person(kochi, Role.TRAINEE)
    make_person(None)
    people = scoping.people_for(admin, roles=scoping.ADMIN_ROLES)
    assert sorted(p.pk for p in people) == sorted([admin.pk, trainee.pk])
    assert list(User.objects.for_user(admin, member_roles=[Role.TRAINEE])) == [trainee]
    assert not scoping.people_for(trainee, roles=scoping.ADMIN_ROLES).exists()
