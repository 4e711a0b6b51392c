"""Survey results: per question with a chart, nothing shown for fewer than 5 anonymous answers, exports."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Role
from assessments.selectors.surveys import survey_results
from assessments.services.surveys import survey_answer
from courses import services as course_services

from .rating_survey_fixtures import AFTER_TRAINING, keys, make_survey_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_program, oita, make_person, make_cohort):
    program = make_program(lessons=1)
    facilitator = make_person(oita, Role.FACILITATOR)
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    cohort = make_cohort(program, oita, facilitators=[facilitator])

    def answer(page, count: int, *, into=None, texts=True):
        target = into or cohort
        for number in range(count):
            trainee = make_person(oita, full_name=f"受講 {number}番")
            enrollment = course_services.enrollment_create(trainee=trainee, cohort=target)
            first, second, third = keys(page)
            survey_answer(
                enrollment=enrollment,
                page=page,
                answers={
                    first: str(number % 5 + 1),
                    second: "5",
                    third: f"感想{number}" if texts else "",
                },
                today=AFTER_TRAINING,
            )

    return program, cohort, facilitator, admin, answer


def _urls(page, cohort) -> dict[str, str]:
    kwargs = {"survey_id": page.pk, "cohort_id": cohort.pk}
    return {
        name: reverse(f"assessments:{name}", kwargs=kwargs)
        for name in ("survey_report", "survey_export_csv", "survey_export_xlsx")
    }


def test_fewer_than_five_anonymous_answers_show_no_result_anywhere(client, world):
    program, cohort, facilitator, _admin, answer = world
    page = make_survey_page(program)
    answer(page, 4)
    results = survey_results(user=facilitator, cohorts=[cohort], page=page)
    assert results and all(r.too_few and r.count == 0 and not r.texts for r in results)
    client.force_login(facilitator)
    urls = _urls(page, cohort)
    body = client.get(urls["survey_report"]).content.decode()
    assert "5件に満たないため、結果は表示できません" in body and "感想" not in body
    for kind in ("survey_export_csv", "survey_export_xlsx"):
        response = client.get(urls[kind], follow=True)
        assert "書き出せません" in response.content.decode()
        assert "感想" not in response.content.decode()


def test_five_anonymous_answers_give_counts_means_distribution_and_nameless_texts(client, world):
    program, cohort, facilitator, _admin, answer = world
    page = make_survey_page(program)
    answer(page, 5)
    first, second, third = survey_results(user=facilitator, cohorts=[cohort], page=page)
    assert not first.too_few and first.respondents == 5
    assert first.distribution == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1} and first.mean == Decimal("3.00")
    assert second.mean == Decimal("5.00") and second.count == 5
    assert sorted(t.text for t in third.texts) == [f"感想{n}" for n in range(5)]
    assert all(t.name is None for t in third.texts)
    client.force_login(facilitator)
    body = client.get(_urls(page, cohort)["survey_report"]).content.decode()
    assert "<svg" in body and "平均 3.00" in body and "感想3" in body
    assert "受講 3番" not in body


def test_exports_read_back_with_the_same_answers_and_no_names(client, world):
    program, cohort, _facilitator, admin, answer = world
    page = make_survey_page(program)
    answer(page, 5)
    client.force_login(admin)
    urls = _urls(page, cohort)
    response = client.get(urls["survey_export_csv"])
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["1. 評価の質問1", "2. 評価の質問2", "3. 記述の質問1"]
    assert sorted(row[2] for row in rows[1:]) == [f"感想{n}" for n in range(5)]
    assert "受講" not in response.content.decode("utf-8-sig")
    response = client.get(urls["survey_export_xlsx"])
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == rows[0] and len(values) == 6
    assert sorted(row[0] for row in values[1:]) == [1, 2, 3, 4, 5]


def test_a_named_survey_shows_names_to_staff_and_has_no_threshold(client, world):
    program, cohort, _facilitator, admin, answer = world
    page = make_survey_page(program, anonymous=False)
    answer(page, 2)
    (_first, _second, third) = survey_results(user=admin, cohorts=[cohort], page=page)
    assert sorted((t.name, t.text) for t in third.texts) == [
        ("受講 0番", "感想0"),
        ("受講 1番", "感想1"),
    ]
    client.force_login(admin)
    response = client.get(_urls(page, cohort)["survey_export_csv"])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["氏名", "回答日"]
    assert [row[:2] for row in rows[1:]] == [["受講 0番", "2026-12-19"], ["受講 1番", "2026-12-19"]]


def test_a_small_cohort_is_left_out_of_a_result_over_several(world, make_cohort, oita):
    program, cohort, _facilitator, admin, answer = world
    page = make_survey_page(program)
    small = make_cohort(program, oita)
    answer(page, 5)
    answer(page, 2, into=small)
    (first, *_rest) = survey_results(user=admin, cohorts=[cohort, small], page=page)
    assert first.respondents == 5 and first.withheld_cohorts == 1
    (only_small, *_rest) = survey_results(user=admin, cohort_ids=[small.pk])
    assert only_small.too_few


def test_only_the_cohorts_staff_read_results_and_exports(client, world, make_person, oita, kochi):
    program, cohort, _facilitator, _admin, answer = world
    page = make_survey_page(program)
    answer(page, 5)
    trainee = cohort.enrollments.first().trainee
    committee = make_person(oita, Role.COMMITTEE)
    for person in (
        trainee,
        make_person(oita, Role.FACILITATOR),
        committee,
        make_person(kochi, Role.PREFECTURE_ADMIN),
    ):
        client.force_login(person)
        for url in _urls(page, cohort).values():
            assert client.get(url).status_code == 404, (person, url)
        # The committee reads the figures at its 振り返り (planning), never the screens.
        if person is not committee:
            assert survey_results(user=person, cohorts=[cohort]) == []


def test_the_committee_reads_its_prefectures_figures_without_names(
    world, oita, kochi, make_person, make_cohort
):
    from assessments.selectors.ratings import rating_changes

    program, cohort, _facilitator, _admin, answer = world
    page = make_survey_page(program, anonymous=False)
    answer(page, 2)
    committee = make_person(oita, Role.COMMITTEE)
    results = survey_results(user=committee, cohorts=[cohort], page=page)
    first, _second, third = results
    assert first.respondents == 2 and first.count == 2
    assert sorted(t.text for t in third.texts) == ["感想0", "感想1"]
    assert all(t.name is None for t in third.texts)
    assert rating_changes(user=committee, cohorts=[cohort]) == []

    outsider = make_person(kochi, Role.COMMITTEE)
    assert survey_results(user=outsider, cohorts=[cohort], page=page) == []
    other = make_cohort(program, kochi)
    assert survey_results(user=committee, cohorts=[other], page=page) == []


def test_the_committee_cannot_open_the_cohorts_survey_report(client, world, oita, make_person):
    program, cohort, _facilitator, _admin, answer = world
    page = make_survey_page(program, anonymous=False)
    answer(page, 1)
    client.force_login(make_person(oita, Role.COMMITTEE))
    for url in _urls(page, cohort).values():
        assert client.get(url).status_code == 404
