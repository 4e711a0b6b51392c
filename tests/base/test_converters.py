"""Ids past 2^63 - 1 are a 404 in every URL, never an OverflowError from the database."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from accounts.models import Role
from base.converters import MAX_ID, IdConverter

HUGE = str(2**63 + 1)


def test_the_converter_takes_ids_up_to_the_database_limit_only():
    converter = IdConverter()
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    assert converter.to_python("1") == 1
    for value in (str(MAX_ID + 1), HUGE, "0", "9" * 19):
        with pytest.raises(ValueError):
            converter.to_python(value)


def _patterns(resolver):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry)
        elif isinstance(entry, URLPattern):
            yield entry


def test_no_project_url_takes_an_unbounded_int():
    """Every id in our own URLs goes through <id:...>; Wagtail's and allauth's are theirs."""
    ours = ("accounts.", "base.", "casestudies.", "config.", "courses.", "workshops.")
    checked, offenders = 0, []
    for pattern in _patterns(get_resolver()):
        if not getattr(pattern.callback, "__module__", "").startswith(ours):
            continue
        checked += 1
        if any(isinstance(c, IntConverter) for c in pattern.pattern.converters.values()):
            offenders.append(str(pattern.pattern))
    assert checked > 10
    assert offenders == []


def test_websocket_routes_use_the_bounded_converter():
    from config.routing import websocket_urlpatterns

    for route in websocket_urlpatterns:
        converters = route.pattern.converters.values()
        assert not any(isinstance(c, IntConverter) for c in converters), route.pattern


@pytest.fixture
def trainee(oita, make_person):
    return make_person(oita, Role.TRAINEE)


@pytest.mark.parametrize(
    "url", [f"/courses/lessons/{HUGE}/complete/", f"/courses/lessons/{HUGE}/position/"]
)
def test_huge_lesson_ids_are_a_404(client, trainee, url):
    client.force_login(trainee)
    assert client.post(url, {"position": "p1"}).status_code == 404


@pytest.mark.parametrize("url", [f"/admin/casestudies/{HUGE}/review/"])
def test_huge_case_ids_are_a_404_on_review(client, reviewer, url):
    client.force_login(reviewer)
    assert client.get(url).status_code == 404


def test_huge_case_ids_are_a_404_on_terms(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        f"/admin/casestudies/{HUGE}/terms/", {"surface": "森川", "kind": "person"}
    )
    assert response.status_code == 404


def test_huge_ids_in_the_other_project_urls_are_a_404(client, oita, make_person):
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    client.force_login(admin)
    for url in (
        f"/courses/enrollments/{HUGE}/accept/",
        f"/courses/cohorts/{HUGE}/",
        f"/organisations/{HUGE}/edit/",
        f"/workshops/{HUGE}/",
        f"/workshops/{HUGE}/console/",
        f"/workshops/{HUGE}/setup/",
        f"/workshops/{HUGE}/record/",
        f"/workshops/{HUGE}/attendance.csv",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


@pytest.mark.parametrize("view", ["edit", "delete", "history", "history-results", "usage", "copy"])
@pytest.mark.parametrize("model", ["cohorts", "enrollments"])
def test_huge_ids_in_the_cms_cohort_screens_are_a_404(client, oita, make_person, model, view):
    client.force_login(make_person(oita, Role.PREFECTURE_ADMIN))
    assert client.get(f"/admin/{model}/{view}/{HUGE}/").status_code == 404


@pytest.mark.parametrize("view", ["edit", "delete"])
def test_huge_ids_in_the_cms_user_screens_are_a_404(client, django_user_model, view):
    client.force_login(
        django_user_model.objects.create_superuser(email="root@example.jp", password="x" * 12)
    )
    assert client.get(f"/admin/users/{view}/{HUGE}/").status_code == 404
