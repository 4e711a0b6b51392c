"""マイページ's checklist: each step done or open, open ones linked, updated the moment one is done."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from assessments.models import CompletionOverride, CompletionRule
from courses import services as course_services
from tests.assessments.test_completion_views import add_part_pages
from tests.course_fixtures import lessons_of


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _checklist(user) -> str:
    response = _as(user).get(reverse("accounts:mypage"))
    assert response.status_code == 200
    page = response.content.decode()
    match = re.search(r'<section class="completion-checklists".*?</section>', page, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def course(oita, make_person, make_program, make_cohort):
    program = make_program(lessons=2, title="前期共通プログラム")
    pages = add_part_pages(program)
    CompletionRule.objects.create(
        program=program,
        quiz_scope=CompletionRule.QuizScope.ALL,
        worksheets_required=True,
        ratings_required=True,
        survey_required=True,
    )
    facilitator = make_person(oita, Role.FACILITATOR)
    cohort = make_cohort(program, oita, facilitators=[facilitator])
    trainee = make_person(oita, Role.TRAINEE)
    enrollment = course_services.enrollment_create(trainee=trainee, cohort=cohort)
    return {
        "program": program,
        "pages": pages,
        "cohort": cohort,
        "trainee": trainee,
        "enrollment": enrollment,
        "facilitator": facilitator,
        "admin": make_person(oita, Role.PREFECTURE_ADMIN),
    }


def test_every_step_is_listed_with_a_link_to_the_open_ones(course):
    section = _checklist(course["trainee"])
    assert "6項目中 0項目完了" in section
    for lesson in lessons_of(course["program"]):
        assert f'href="{lesson.url}"' in section
    for page in course["pages"].values():
        assert f'href="{page.url}"' in section
    assert section.count("未完了") == 6


def test_the_checklist_updates_the_moment_a_step_is_done(course):
    first = lessons_of(course["program"])[0]
    client = _as(course["trainee"])
    client.post(reverse("courses:lesson_complete", kwargs={"lesson_id": first.pk}))
    section = _checklist(course["trainee"])
    assert "6項目中 1項目完了" in section
    assert f'href="{first.url}"' not in section  # done: no longer a link


def test_a_program_complete_shows_so(course):
    enrollment, admin = course["enrollment"], course["admin"]
    for lesson in lessons_of(course["program"]):
        course_services.lesson_complete(enrollment=enrollment, lesson=lesson)
    from assessments.services.completion import completion_override

    for page in course["pages"].values():
        completion_override(
            enrollment=enrollment, step_key=f"{_kind(page)}-{page.pk}", reason="確認済み", by=admin
        )
    section = _checklist(course["trainee"])
    assert "修了しました" in section
    assert section.count("完了（担当者が確認）") == 4
    assert CompletionOverride.objects.count() == 4


def _kind(page) -> str:
    return {
        "quizpage": "quiz",
        "planworksheetpage": "worksheet",
        "selfratingpage": "rating",
        "surveypage": "survey",
    }[page._meta.model_name]


def test_staff_find_the_completion_table_from_mypage(course):
    url = reverse("assessments:completion_table", kwargs={"cohort_id": course["cohort"].pk})
    for person in (course["admin"], course["facilitator"]):
        page = _as(person).get(reverse("accounts:mypage")).content.decode()
        assert url in page
    assert url not in _as(course["trainee"]).get(reverse("accounts:mypage")).content.decode()
