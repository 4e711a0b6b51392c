"""Cohorts and enrollments: the services' rules, the cohort page, and the CMS screens, per prefecture."""

import pytest
from django.urls import reverse

from accounts.models import Role
from courses import services
from courses.models import Cohort, Enrollment


def test_a_trainee_of_another_prefecture_cannot_be_enrolled(
    oita, kochi, make_person, make_program, make_cohort
):
    cohort = make_cohort(make_program(), oita)
    with pytest.raises(services.CohortError, match="大分県の受講者として登録されていません"):
        services.enrollment_create(trainee=make_person(kochi, Role.TRAINEE), cohort=cohort)
    assert not Enrollment.objects.exists()


def test_capacity_and_duplicates_are_refused(oita, make_person, make_program, make_cohort):
    cohort = make_cohort(make_program(), oita)
    cohort.capacity = 1
    cohort.save()
    first = make_person(oita, Role.TRAINEE)
    services.enrollment_create(trainee=first, cohort=cohort)
    with pytest.raises(services.CohortError, match="定員"):
        services.enrollment_create(trainee=make_person(oita, Role.TRAINEE), cohort=cohort)
    cohort.capacity = 5
    cohort.save()
    with pytest.raises(services.CohortError, match="すでに"):
        services.enrollment_create(trainee=first, cohort=cohort)


def test_facilitators_must_be_the_prefectures(oita, kochi, make_person, make_program, make_cohort):
    with pytest.raises(services.CohortError, match="ファシリテーターではありません"):
        make_cohort(make_program(), oita, facilitators=[make_person(kochi, Role.FACILITATOR)])
    assert not Cohort.objects.exists()


def test_cohort_page_is_404_for_another_prefecture(
    client, oita, kochi, make_person, make_program, make_cohort
):
    cohort = make_cohort(make_program(), oita)
    url = reverse("courses:cohort_detail", kwargs={"cohort_id": cohort.pk})
    client.force_login(make_person(kochi, Role.PREFECTURE_ADMIN))
    assert client.get(url).status_code == 404
    client.force_login(make_person(oita, Role.TRAINEE))
    assert client.get(url).status_code == 404


def test_cohort_page_shows_the_roster_to_its_administrator_and_facilitator(
    client, oita, make_person, make_program, make_cohort, enrolled_trainee
):
    program = make_program()
    facilitator = make_person(oita, Role.FACILITATOR)
    cohort = make_cohort(program, oita, facilitators=[facilitator])
    trainee = make_person(oita, Role.TRAINEE, full_name="名簿 太郎")
    services.enrollment_create(trainee=trainee, cohort=cohort)
    url = reverse("courses:cohort_detail", kwargs={"cohort_id": cohort.pk})
    for person in (facilitator, make_person(oita, Role.PREFECTURE_ADMIN)):
        client.force_login(person)
        html = client.get(url).content.decode()
        assert "名簿 太郎" in html and "0 / 3" in html
    client.force_login(trainee)
    html = client.get(url).content.decode()
    assert cohort.title in html and "受講者と進捗" not in html


@pytest.fixture
def oita_admin(oita, make_person):
    return make_person(oita, Role.PREFECTURE_ADMIN)


def test_cms_cohort_list_shows_only_the_admins_prefecture(
    client, oita, kochi, oita_admin, make_program, make_cohort
):
    program = make_program()
    mine = make_cohort(program, oita)
    theirs = make_cohort(program, kochi)
    client.force_login(oita_admin)
    html = client.get("/admin/cohorts/").content.decode()
    assert mine.title in html and theirs.title not in html
    assert client.get(f"/admin/cohorts/edit/{theirs.pk}/").status_code == 404
    assert client.post(f"/admin/cohorts/delete/{theirs.pk}/").status_code == 404
    assert Cohort.objects.filter(pk=theirs.pk).exists()


def test_cms_creates_a_cohort_through_the_service(
    client, oita, kochi, oita_admin, make_person, make_program
):
    program = make_program()
    facilitator = make_person(oita, Role.FACILITATOR)
    client.force_login(oita_admin)
    data = {
        "program": program.pk,
        "prefecture": oita.pk,
        "fiscal_year": 2026,
        "title": "新しい回",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-02",
        "venue": "大分",
        "capacity": 30,
        "facilitators": [facilitator.pk],
    }
    response = client.post("/admin/cohorts/new/", data)
    assert response.status_code == 302
    cohort = Cohort.objects.get(title="新しい回")
    assert list(cohort.facilitators.all()) == [facilitator]
    # Kochi is not offered, so choosing it is refused with a message and nothing is saved.
    response = client.post("/admin/cohorts/new/", {**data, "title": "越境", "prefecture": kochi.pk})
    assert response.status_code == 200
    assert not Cohort.objects.filter(title="越境").exists()
    # An end before the start is refused in Japanese.
    response = client.post(
        "/admin/cohorts/new/", {**data, "title": "逆順", "ends_on": "2026-11-01"}
    )
    assert "終了日は開始日より後にしてください" in response.content.decode()
    assert not Cohort.objects.filter(title="逆順").exists()


def test_cms_enrolls_a_trainee_and_refuses_over_capacity(
    client, oita, oita_admin, make_person, make_program, make_cohort
):
    cohort = make_cohort(make_program(), oita)
    cohort.capacity = 1
    cohort.save()
    first, second = make_person(oita, Role.TRAINEE), make_person(oita, Role.TRAINEE)
    client.force_login(oita_admin)
    ok = client.post(
        "/admin/enrollments/new/", {"cohort": cohort.pk, "trainee": first.pk, "status": "enrolled"}
    )
    assert ok.status_code == 302
    full = client.post(
        "/admin/enrollments/new/", {"cohort": cohort.pk, "trainee": second.pk, "status": "enrolled"}
    )
    assert "定員（1名）に達しています" in full.content.decode()
    assert Enrollment.objects.count() == 1


def test_trainees_and_facilitators_cannot_open_the_cohort_screens(client, oita, make_person):
    for role in (Role.TRAINEE, Role.FACILITATOR):
        client.force_login(make_person(oita, role))
        assert client.get("/admin/cohorts/").status_code in (302, 403)
