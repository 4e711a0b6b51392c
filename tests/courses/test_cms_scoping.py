"""Every CMS screen of cohorts and enrollments shows and changes only the admin's prefecture."""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from accounts.models import Role
from courses import services
from courses.models import Cohort, Enrollment

NAMESPACES = ("cohorts", "enrollments")


def _viewset_url_names() -> list[tuple[str, str, bool]]:
    """(namespace, url name, takes a pk) for every view the two viewsets register."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace in NAMESPACES:
                found.append((namespace, pattern.name, "pk" in pattern.pattern.converters))

    walk(get_resolver().url_patterns, None)
    return found


URL_NAMES = _viewset_url_names()
OBJECT_URLS = [(ns, name) for ns, name, takes_pk in URL_NAMES if takes_pk]
LISTING_URLS = [(ns, name) for ns, name, takes_pk in URL_NAMES if not takes_pk]


def test_the_walk_finds_every_screen_the_issue_names():
    names = {f"{ns}:{name}" for ns, name in OBJECT_URLS}
    for ns in NAMESPACES:
        for name in ("edit", "delete", "history", "history_results", "usage", "copy"):
            assert f"{ns}:{name}" in names


@pytest.fixture
def two_prefectures(oita, kochi, make_person, make_program):
    """A cohort and an enrollment in each prefecture, and 大分県's administrator."""
    program = make_program(lessons=1)
    rows = {}
    for prefecture, trainee_name, title in (
        (oita, "大分 一郎", "大分の回"),
        (kochi, "高知 花子", "高知の秘密の回"),
    ):
        cohort = services.cohort_create(
            program=program,
            prefecture=prefecture,
            fiscal_year=2026,
            title=title,
            starts_on="2026-11-09",
            ends_on="2026-12-18",
        )
        trainee = make_person(prefecture, Role.TRAINEE, full_name=trainee_name)
        enrollment = services.enrollment_create(trainee=trainee, cohort=cohort)
        rows[prefecture.slug] = {"cohorts": cohort, "enrollments": enrollment}
    rows["admin"] = make_person(oita, Role.PREFECTURE_ADMIN)
    return rows


KOCHI_WORDS = ("高知 花子", "高知の秘密の回")


@pytest.mark.parametrize(("namespace", "name"), OBJECT_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_prefectures_ids_are_404_on_every_object_screen(
    client, two_prefectures, namespace, name, method
):
    theirs = two_prefectures["kochi"][namespace]
    client.force_login(two_prefectures["admin"])
    response = getattr(client, method)(reverse(f"{namespace}:{name}", args=[theirs.pk]))
    assert response.status_code == 404
    body = response.content.decode()
    assert not any(word in body for word in KOCHI_WORDS)
    assert Cohort.objects.count() == 2 and Enrollment.objects.count() == 2


@pytest.mark.parametrize(("namespace", "name"), OBJECT_URLS)
def test_the_admins_own_ids_open_on_every_object_screen(client, two_prefectures, namespace, name):
    mine = two_prefectures["oita"][namespace]
    client.force_login(two_prefectures["admin"])
    response = client.get(reverse(f"{namespace}:{name}", args=[mine.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(("namespace", "name"), LISTING_URLS)
def test_listings_and_forms_name_nobody_of_another_prefecture(
    client, two_prefectures, namespace, name
):
    client.force_login(two_prefectures["admin"])
    for query in ("", "?q=高知", "?q=秘密"):
        response = client.get(reverse(f"{namespace}:{name}") + query)
        assert response.status_code == 200
        body = response.content.decode()
        assert not any(word in body for word in KOCHI_WORDS)


def test_the_add_forms_refuse_another_prefectures_cohort_and_trainee(client, two_prefectures):
    oita_rows, kochi_rows = two_prefectures["oita"], two_prefectures["kochi"]
    client.force_login(two_prefectures["admin"])
    url = reverse("enrollments:add")
    for cohort, trainee in (
        (kochi_rows["cohorts"], oita_rows["enrollments"].trainee),
        (oita_rows["cohorts"], kochi_rows["enrollments"].trainee),
    ):
        response = client.post(
            url, {"cohort": cohort.pk, "trainee": trainee.pk, "status": "enrolled"}
        )
        assert response.status_code == 200
        assert "正しく選択してください" in response.content.decode()
    assert Enrollment.objects.count() == 2


def test_the_cohort_form_offers_only_the_admins_prefecture_and_facilitators(
    client, two_prefectures, oita, kochi, make_person
):
    make_person(kochi, Role.FACILITATOR, full_name="高知 進行役")
    make_person(oita, Role.FACILITATOR, full_name="大分 進行役")
    client.force_login(two_prefectures["admin"])
    body = client.get(reverse("cohorts:add")).content.decode()
    assert "大分 進行役" in body and "大分県" in body
    assert "高知 進行役" not in body and "高知県" not in body


def test_a_superuser_without_memberships_still_chooses_from_every_prefecture(
    client, two_prefectures, oita, kochi, make_person
):
    from accounts.models import User

    make_person(kochi, Role.FACILITATOR, full_name="高知 進行役")
    editor = User.objects.create_superuser(email="super@example.jp", password="x" * 12)
    client.force_login(editor)
    cohort_form = client.get(reverse("cohorts:add")).content.decode()
    assert "高知 進行役" in cohort_form and "高知県" in cohort_form and "大分県" in cohort_form
    enrollment_form = client.get(reverse("enrollments:add")).content.decode()
    assert "高知の秘密の回" in enrollment_form and "大分の回" in enrollment_form
    assert "高知 花子" in enrollment_form and "大分 一郎" in enrollment_form


def test_an_administrator_who_is_a_trainee_elsewhere_chooses_only_where_they_administer(
    client, two_prefectures, kochi
):
    from accounts.models import Membership

    admin = two_prefectures["admin"]
    Membership.objects.create(user=admin, prefecture=kochi, role=Role.TRAINEE)
    client.force_login(admin)
    body = client.get(reverse("enrollments:add")).content.decode()
    assert "大分の回" in body and "大分 一郎" in body
    assert not any(word in body for word in KOCHI_WORDS)
