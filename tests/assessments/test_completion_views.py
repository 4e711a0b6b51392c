"""The cohort's completion table, its exports, one trainee's status, and marking a step by hand."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from assessments.models import CompletionOverride, CompletionRule
from assessments.selectors.completion import completion_table
from courses import services as course_services
from courses.models import Enrollment
from tests.course_fixtures import lessons_of


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def course(oita, kochi, make_person, make_program, make_cohort):
    """A 2-lesson program, 大分県's cohort of three trainees (one complete), and its staff."""
    program = make_program(lessons=2, title="前期共通プログラム")
    facilitator = make_person(oita, Role.FACILITATOR)
    cohort = make_cohort(program, oita, facilitators=[facilitator])
    trainees = [make_person(oita, Role.TRAINEE, full_name=f"大分 受講者{n}") for n in range(3)]
    enrollments = [course_services.enrollment_create(trainee=t, cohort=cohort) for t in trainees]
    first, last = lessons_of(program)
    for lesson in (first, last):
        course_services.lesson_complete(enrollment=enrollments[0], lesson=lesson)
    course_services.lesson_complete(enrollment=enrollments[1], lesson=first)
    kochi_cohort = make_cohort(program, kochi)
    kochi_trainee = make_person(kochi, Role.TRAINEE, full_name="高知 受講者")
    return {
        "program": program,
        "cohort": cohort,
        "lessons": (first, last),
        "facilitator": facilitator,
        "admin": make_person(oita, Role.PREFECTURE_ADMIN, full_name="大分 担当"),
        "committee": make_person(oita, Role.COMMITTEE),
        "trainees": trainees,
        "enrollments": enrollments,
        "kochi_admin": make_person(kochi, Role.PREFECTURE_ADMIN),
        "kochi_enrollment": course_services.enrollment_create(
            trainee=kochi_trainee, cohort=kochi_cohort
        ),
    }


def _table_url(course, **query) -> str:
    url = reverse("assessments:completion_table", kwargs={"cohort_id": course["cohort"].pk})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _rows(response):
    return response.context["rows"]


def test_the_administrator_sees_every_trainee_and_step(course):
    response = _as(course["admin"]).get(_table_url(course))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    for trainee in course["trainees"]:
        assert trainee.full_name in page
    assert [s.label for s in response.context["table"].steps] == ["講義1", "講義2"]
    assert "受講者3名のうち 1名が修了" in page
    assert "CSVで書き出す" in page


def test_filters_complete_incomplete_and_by_step(course):
    client = _as(course["admin"])
    names = lambda **q: sorted(  # noqa: E731
        row["enrollment"].trainee.full_name for row in _rows(client.get(_table_url(course, **q)))
    )
    assert names(show="complete") == ["大分 受講者0"]
    assert names(show="incomplete") == ["大分 受講者1", "大分 受講者2"]
    first, last = course["lessons"]
    assert names(step=f"lesson-{first.pk}", show="incomplete") == ["大分 受講者2"]
    assert names(step=f"lesson-{first.pk}", show="complete") == ["大分 受講者0", "大分 受講者1"]
    assert names(step=f"lesson-{last.pk}") == ["大分 受講者1", "大分 受講者2"]


@pytest.mark.parametrize(
    "query",
    [
        {"show": "everything"},
        {"step": "lesson-999999999"},
        {"step": "x" * 5000},
        {"show": "complete", "step": "quiz-'%3B--"},
        {"step": "lesson-99999999999999999999999"},
    ],
)
def test_tampered_filters_are_dropped_with_a_message(course, query):
    response = _as(course["admin"]).get(_table_url(course, **query))
    assert response.status_code == 200
    assert "絞り込みの条件が正しくないため" in response.content.decode()


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_and_xlsx_exports_read_back(course):
    client = _as(course["admin"])
    kwargs = {"cohort_id": course["cohort"].pk}
    response = client.get(reverse("assessments:completion_table_csv", kwargs=kwargs))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response.content)
    assert rows[0][:4] == ["氏名", "メールアドレス", "状態", "修了日時"]
    assert rows[0][4:6] == ["講義1", "講義2"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["大分 受講者0"][2] == "修了" and by_name["大分 受講者0"][3]
    assert by_name["大分 受講者1"][4:6] == ["完了", "未完了"]
    response = client.get(
        reverse("assessments:completion_table_xlsx", kwargs=kwargs) + "?show=incomplete"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "氏名"
    assert sorted(row[0] for row in values[1:]) == ["大分 受講者1", "大分 受講者2"]


def test_an_export_cell_cannot_run_as_a_formula(course):
    trainee = course["trainees"][2]
    trainee.full_name = "=HYPERLINK(1)"
    trainee.save(update_fields=["full_name"])
    response = _as(course["admin"]).get(
        reverse("assessments:completion_table_csv", kwargs={"cohort_id": course["cohort"].pk})
    )
    names = [row[0] for row in _csv_rows(response.content)[1:]]
    assert "'=HYPERLINK(1)" in names


def test_facilitators_read_the_table_but_neither_export_nor_override(course):
    client = _as(course["facilitator"])
    response = client.get(_table_url(course))
    assert response.status_code == 200
    assert "CSVで書き出す" not in response.content.decode()
    kwargs = {"cohort_id": course["cohort"].pk}
    assert client.get(reverse("assessments:completion_table_csv", kwargs=kwargs)).status_code == 404
    assert (
        client.get(reverse("assessments:completion_table_xlsx", kwargs=kwargs)).status_code == 404
    )
    enrollment = course["enrollments"][2]
    url = reverse("assessments:completion_override", kwargs={"enrollment_id": enrollment.pk})
    step = f"lesson-{course['lessons'][0].pk}"
    assert client.post(url, {"step": step, "reason": "理由"}).status_code == 404
    assert not CompletionOverride.objects.exists()


@pytest.mark.parametrize("who", ["trainee", "committee", "kochi_admin"])
def test_everyone_else_gets_404_for_the_table_and_its_exports(course, who):
    person = course["trainees"][0] if who == "trainee" else course[who]
    client = _as(person)
    kwargs = {"cohort_id": course["cohort"].pk}
    for name in ("completion_table", "completion_table_csv", "completion_table_xlsx"):
        assert client.get(reverse(f"assessments:{name}", kwargs=kwargs)).status_code == 404


def test_anonymous_people_are_sent_to_sign_in(course):
    response = Client().get(_table_url(course))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_trainee_reads_only_their_own_status(course):
    own, other = course["enrollments"][1], course["enrollments"][2]
    client = _as(course["trainees"][1])
    response = client.get(
        reverse("assessments:completion_status", kwargs={"enrollment_id": own.pk})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "2項目中 1項目完了" in page
    assert course["lessons"][1].url in page  # the open step is linked
    assert "手作業で完了にする" not in page
    response = client.get(
        reverse("assessments:completion_status", kwargs={"enrollment_id": other.pk})
    )
    assert response.status_code == 404


def _override(client, enrollment, **data):
    url = reverse("assessments:completion_override", kwargs={"enrollment_id": enrollment.pk})
    return client.post(url, data)


def test_the_administrator_marks_a_step_done_by_hand_and_it_is_logged(course):
    enrollment = course["enrollments"][1]
    last = course["lessons"][1]
    client = _as(course["admin"])
    response = _override(client, enrollment, step=f"lesson-{last.pk}", reason="別日に補講を受けた")
    assert response.status_code == 302
    row = CompletionOverride.objects.get()
    assert (row.marked_by, row.step_label, row.reason) == (
        course["admin"],
        "講義2",
        "別日に補講を受けた",
    )
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED  # the last open step: complete now
    page = client.get(_table_url(course)).content.decode()
    assert "完了（手作業）" in page and "別日に補講を受けた" in page and "大分 担当" in page


@pytest.mark.parametrize("reason", ["", "   ", "\n"])
def test_an_override_without_a_reason_is_refused_in_japanese(course, reason):
    enrollment = course["enrollments"][2]
    response = _override(
        _as(course["admin"]),
        enrollment,
        step=f"lesson-{course['lessons'][0].pk}",
        reason=reason,
    )
    assert response.status_code == 400
    assert "理由を入力してください" in response.content.decode()
    assert not CompletionOverride.objects.exists()


@pytest.mark.parametrize(
    "step", ["", "lesson-0", "quiz-1", "lesson-abc", "x" * 1000, "lesson-99999999999999999999"]
)
def test_an_override_for_an_unknown_step_is_refused(course, step):
    response = _override(_as(course["admin"]), course["enrollments"][2], step=step, reason="理由")
    assert response.status_code == 400
    assert "修了の要件にない項目です" in response.content.decode()
    assert not CompletionOverride.objects.exists()


def test_an_override_of_a_done_step_or_twice_is_refused(course):
    client = _as(course["admin"])
    enrollment = course["enrollments"][1]
    first, last = course["lessons"]
    response = _override(client, enrollment, step=f"lesson-{first.pk}", reason="理由")
    assert response.status_code == 400
    assert "受講者がすでに完了しています" in response.content.decode()
    CompletionRule.objects.create(program=course["program"], survey_required=False)
    enrollment2 = course["enrollments"][2]
    assert (
        _override(client, enrollment2, step=f"lesson-{last.pk}", reason="理由").status_code == 302
    )
    response = _override(client, enrollment2, step=f"lesson-{last.pk}", reason="理由")
    assert "すでに手作業で完了にしています" in response.content.decode()
    assert CompletionOverride.objects.count() == 1


def test_an_override_for_another_prefectures_enrollment_is_404(course):
    enrollment = course["kochi_enrollment"]
    step = f"lesson-{course['lessons'][0].pk}"
    assert _override(_as(course["admin"]), enrollment, step=step, reason="理由").status_code == 404
    response = _as(course["admin"]).get(
        reverse("assessments:completion_status", kwargs={"enrollment_id": enrollment.pk})
    )
    assert response.status_code == 404
    assert not CompletionOverride.objects.exists()


def test_an_overlong_reason_is_refused(course):
    response = _override(
        _as(course["admin"]),
        course["enrollments"][2],
        step=f"lesson-{course['lessons'][0].pk}",
        reason="あ" * 501,
    )
    assert response.status_code == 400
    assert "500文字以内" in response.content.decode()


def test_the_roster_links_the_completion_table_for_its_staff(course):
    url = reverse("courses:cohort_detail", kwargs={"cohort_id": course["cohort"].pk})
    for person in (course["admin"], course["facilitator"]):
        assert _table_url(course) in _as(person).get(url).content.decode()


def add_part_pages(program) -> dict:
    """One live page of each assessments part under the program."""
    from assessments.models import PlanWorksheetPage, QuizPage, SelfRatingPage, SurveyPage

    made = {}
    for model, slug in (
        (QuizPage, "quiz"),
        (PlanWorksheetPage, "worksheet"),
        (SelfRatingPage, "rating"),
        (SurveyPage, "survey"),
    ):
        page = model(title=str(model._meta.verbose_name), slug=slug)
        program.add_child(instance=page)
        page.save_revision().publish()
        made[slug] = page
    return made


def test_the_table_costs_the_same_queries_for_5_and_for_60_trainees(
    oita, make_person, make_program, make_cohort, django_assert_num_queries
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from workshops import services as workshop_services
    from workshops.methods import Method

    program = make_program(lessons=2)
    add_part_pages(program)
    CompletionRule.objects.create(
        program=program,
        reflections_required=True,
        quiz_scope=CompletionRule.QuizScope.ALL,
        worksheets_required=True,
        workshop_required=True,
        ratings_required=True,
        survey_required=True,
    )
    facilitator = make_person(oita, Role.FACILITATOR)
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    cohorts = {}
    for size in (5, 60):
        cohort = make_cohort(program, oita, facilitators=[facilitator])
        people = [make_person(oita, Role.TRAINEE) for _ in range(size)]
        Enrollment.objects.bulk_create([Enrollment(trainee=p, cohort=cohort) for p in people])
        workshop = workshop_services.workshop_create(
            cohort=cohort,
            title="演習",
            starts_at=datetime(2026, 11, 24, 13, tzinfo=ZoneInfo("Asia/Tokyo")),
            method=Method.GSV,
            facilitators=[facilitator],
            group_size=5,
        )
        for person in people[:3]:
            workshop_services.attendance_open(workshop_id=workshop.pk, user=person)
        cohorts[size] = cohort
    completion_table(cohorts[5])  # content types and site paths are cached after the first read
    with CaptureQueriesContext(connection) as small:
        table = completion_table(cohorts[5])
    assert len(table.rows) == 5 and len(table.steps) == 7
    with django_assert_num_queries(len(small)):
        assert len(completion_table(cohorts[60]).rows) == 60
    client = _as(admin)

    def view_queries(cohort) -> int:
        url = reverse("assessments:completion_table", kwargs={"cohort_id": cohort.pk})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    view_queries(cohorts[5])
    assert view_queries(cohorts[5]) == view_queries(cohorts[60])
