"""The signed-in user arrives with the CMS-editor flag, read afresh on every request."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission, Page

from accounts.models import Role
from accounts.permissions import is_content_editor


def _editor_group() -> Group:
    group = Group.objects.create(name="編集テスト")
    GroupPagePermission.objects.create(
        group=group, page=Page.objects.get(depth=1), permission_type="change"
    )
    return group


def _request_user(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.wsgi_request.user


def test_a_trainee_is_no_editor_and_costs_no_extra_query(client, oita, make_person):
    client.force_login(make_person(oita, Role.TRAINEE))
    user = _request_user(client)
    with CaptureQueriesContext(connection) as captured:
        assert is_content_editor(user) is False
    assert len(captured) == 0


def test_an_editor_is_known_from_the_user_query(client, oita, make_person):
    person = make_person(oita, Role.TRAINEE)
    person.groups.add(_editor_group())
    client.force_login(person)
    user = _request_user(client)
    with CaptureQueriesContext(connection) as captured:
        assert is_content_editor(user) is True
    assert len(captured) == 0


def test_a_permission_given_between_requests_shows_on_the_next(client, oita, make_person):
    person = make_person(oita, Role.TRAINEE)
    client.force_login(person)
    assert is_content_editor(_request_user(client)) is False
    person.groups.add(_editor_group())
    assert is_content_editor(_request_user(client)) is True
    person.groups.clear()
    assert is_content_editor(_request_user(client)) is False


def test_allauth_sign_in_loads_the_same_flag(client, oita, make_person):
    person = make_person(oita, Role.TRAINEE)
    person.set_password("pass-for-test-1234")
    person.save()
    person.groups.add(_editor_group())
    response = client.post(
        "/accounts/login/", {"login": person.email, "password": "pass-for-test-1234"}
    )
    assert response.status_code == 302
    user = _request_user(client)
    assert user.pk == person.pk
    with CaptureQueriesContext(connection) as captured:
        assert is_content_editor(user) is True
    assert len(captured) == 0
