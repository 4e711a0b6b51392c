"""The cohort's before/after report: means over those who answered both, read only by its staff."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from assessments.selectors.ratings import rating_changes
from assessments.services.ratings import self_rating_answer
from courses import services as course_services

from .rating_survey_fixtures import AFTER_TRAINING, BEFORE_TRAINING, keys, make_rating_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort_with_answers(make_program, oita, make_person, make_cohort):
    """Three trainees: two answer both phases, one only before (left out of the means)."""
    program = make_program(lessons=1)
    page = make_rating_page(program)
    facilitator = make_person(oita, Role.FACILITATOR)
    cohort = make_cohort(program, oita, facilitators=[facilitator])
    first, second, third = keys(page)
    answers = [
        ({first: 1, second: 2, third: 3}, {first: 4, second: 2, third: 5}),
        ({first: 2, second: 3, third: 3}, {first: 5, second: 3, third: 4}),
        ({first: 5, second: 5, third: 5}, None),
    ]
    for before, after in answers:
        enrollment = course_services.enrollment_create(trainee=make_person(oita), cohort=cohort)
        self_rating_answer(
            enrollment=enrollment, page=page, phase="before", scores=before, today=BEFORE_TRAINING
        )
        if after:
            self_rating_answer(
                enrollment=enrollment, page=page, phase="after", scores=after, today=AFTER_TRAINING
            )
    return page, cohort, facilitator


def test_means_change_and_n_count_only_those_who_answered_both(cohort_with_answers):
    page, cohort, facilitator = cohort_with_answers
    changes = rating_changes(user=facilitator, cohorts=[cohort])
    assert [(c.number, c.before_mean, c.after_mean, c.change, c.n) for c in changes] == [
        (1, Decimal("1.50"), Decimal("4.50"), Decimal("3.00"), 2),
        (2, Decimal("2.50"), Decimal("2.50"), Decimal("0.00"), 2),
        (3, Decimal("3.00"), Decimal("4.50"), Decimal("1.50"), 2),
    ]
    assert changes[0].statement == "支援調整会議の役割を説明できる"
    assert rating_changes(user=facilitator, cohort_ids=[cohort.pk], page=page) == changes


def test_the_report_draws_the_chart_and_the_same_numbers_in_a_table(client, cohort_with_answers):
    page, cohort, facilitator = cohort_with_answers
    client.force_login(facilitator)
    url = reverse(
        "assessments:rating_report", kwargs={"rating_id": page.pk, "cohort_id": cohort.pk}
    )
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "chart-bar--first" in body
    assert "<td>1.50</td>" in body and "<td>4.50</td>" in body and "+3.00" in body
    assert "両方に回答した人だけで計算" in body
    assert "研修前に3人、研修後に2人が回答し、両方に回答したのは2人です" in body


def test_only_the_cohorts_facilitators_and_the_prefectures_admins_read_it(
    client, cohort_with_answers, make_person, oita, kochi
):
    page, cohort, _facilitator = cohort_with_answers
    url = reverse(
        "assessments:rating_report", kwargs={"rating_id": page.pk, "cohort_id": cohort.pk}
    )
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    client.force_login(admin)
    assert client.get(url).status_code == 200
    trainee = cohort.enrollments.first().trainee
    committee = make_person(oita, Role.COMMITTEE)
    others = [
        trainee,
        make_person(oita, Role.FACILITATOR),
        committee,
        make_person(kochi, Role.PREFECTURE_ADMIN),
        make_person(kochi, Role.FACILITATOR),
        make_person(kochi, Role.COMMITTEE),
    ]
    for person in others:
        client.force_login(person)
        assert client.get(url).status_code == 404, person
        # The committee reads the figures at its 振り返り (planning), never this screen.
        if person is not committee:
            assert rating_changes(user=person, cohorts=[cohort]) == []
    assert rating_changes(user=committee, cohorts=[cohort]) != []
    client.logout()
    assert client.get(url).status_code == 302


def test_the_cohort_roster_links_the_report_and_the_survey_results(client, cohort_with_answers):
    from .rating_survey_fixtures import make_survey_page

    page, cohort, facilitator = cohort_with_answers
    survey = make_survey_page(page.get_parent())
    client.force_login(facilitator)
    body = client.get(reverse("courses:cohort_detail", kwargs={"cohort_id": cohort.pk})).content
    body = body.decode()
    assert (
        reverse("assessments:rating_report", kwargs={"rating_id": page.pk, "cohort_id": cohort.pk})
        in body
    )
    assert (
        reverse(
            "assessments:survey_report", kwargs={"survey_id": survey.pk, "cohort_id": cohort.pk}
        )
        in body
    )


def test_a_cohort_of_another_program_is_404_even_for_its_own_facilitator(
    client, cohort_with_answers, make_program, make_cohort, oita
):
    page, _cohort, facilitator = cohort_with_answers
    other = make_cohort(make_program(lessons=1), oita, facilitators=[facilitator])
    client.force_login(facilitator)
    url = reverse("assessments:rating_report", kwargs={"rating_id": page.pk, "cohort_id": other.pk})
    assert client.get(url).status_code == 404
