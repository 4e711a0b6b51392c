"""completion_refresh: the one decision, taken inside the event that finishes a step."""

import pytest
from django.utils import timezone

from accounts.models import Role
from assessments.models import CompletionRule
from assessments.selectors.completion import completion_status
from assessments.services.completion import completion_refresh
from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import Enrollment, LessonPage, LessonProgress
from tests.course_fixtures import lesson_body, lessons_of
from workshops import services as workshop_services


def _status(enrollment) -> str:
    enrollment.refresh_from_db()
    return enrollment.status


def test_without_a_rule_every_lesson_done_completes_within_the_last_lesson(
    oita, make_program, enrolled_trainee
):
    program = make_program(lessons=2)
    _trainee, enrollment = enrolled_trainee(program, oita)
    first, last = lessons_of(program)
    course_services.lesson_complete(enrollment=enrollment, lesson=first)
    assert _status(enrollment) == Enrollment.Status.ENROLLED
    assert completion_refresh(enrollment=enrollment) is False
    course_services.lesson_complete(enrollment=enrollment, lesson=last)
    assert _status(enrollment) == Enrollment.Status.COMPLETED
    assert enrollment.completed_at is not None
    assert completion_refresh(enrollment=enrollment) is True


def test_a_chosen_set_of_lessons_is_enough(oita, make_program, enrolled_trainee):
    program = make_program(lessons=3)
    first, _second, _third = lessons_of(program)
    rule = CompletionRule.objects.create(
        program=program, lesson_scope=CompletionRule.LessonScope.CHOSEN
    )
    rule.lessons.set([first])
    _trainee, enrollment = enrolled_trainee(program, oita)
    course_services.lesson_complete(enrollment=enrollment, lesson=first)
    assert _status(enrollment) == Enrollment.Status.COMPLETED


def test_reflections_required_wait_for_every_answer(oita, make_program, enrolled_trainee):
    program = make_program(lessons=1)
    lesson = lessons_of(program)[0].specific
    lesson.body = [
        *lesson_body(),
        ("questions", {"title": "振り返り", "items": ["問い1", "問い2"]}),
    ]
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    CompletionRule.objects.create(program=program, reflections_required=True)
    _trainee, enrollment = enrolled_trainee(program, oita)
    course_services.lesson_complete(enrollment=enrollment, lesson=lesson)
    assert _status(enrollment) == Enrollment.Status.ENROLLED
    keys = [q.key for q in course_selectors.reflection_questions(lesson)]
    course_services.reflection_save(enrollment=enrollment, lesson=lesson, answers={keys[0]: "答え"})
    assert _status(enrollment) == Enrollment.Status.ENROLLED
    status = completion_status(enrollment)
    assert [s.step.kind for s in status.open_steps] == ["reflection"]
    assert status.open_steps[0].step.url.endswith("#reflection-answers")
    course_services.reflection_save(enrollment=enrollment, lesson=lesson, answers={keys[1]: "答え"})
    assert _status(enrollment) == Enrollment.Status.COMPLETED


def test_attending_the_cohorts_workshop_completes_when_required(oita, make_workshop):
    setup = make_workshop(oita, trainees=2)
    cohort = setup.workshop.cohort
    CompletionRule.objects.create(program=cohort.program, workshop_required=True)
    trainee = setup.trainees[0]
    enrollment = cohort.enrollments.get(trainee=trainee)
    course_services.lesson_complete(enrollment=enrollment, lesson=lessons_of(cohort.program)[0])
    assert _status(enrollment) == Enrollment.Status.ENROLLED
    # The facilitator's connection is attendance too, but not the trainee's.
    workshop_services.attendance_open(workshop_id=setup.workshop.pk, user=setup.facilitator)
    assert _status(enrollment) == Enrollment.Status.ENROLLED
    workshop_services.attendance_open(workshop_id=setup.workshop.pk, user=trainee)
    assert _status(enrollment) == Enrollment.Status.COMPLETED
    other = cohort.enrollments.get(trainee=setup.trainees[1])
    assert _status(other) == Enrollment.Status.ENROLLED


def test_a_required_workshop_not_yet_scheduled_keeps_the_step_open(
    oita, make_program, enrolled_trainee
):
    program = make_program(lessons=1)
    CompletionRule.objects.create(program=program, workshop_required=True)
    _trainee, enrollment = enrolled_trainee(program, oita)
    course_services.lesson_complete(enrollment=enrollment, lesson=lessons_of(program)[0])
    assert _status(enrollment) == Enrollment.Status.ENROLLED
    [open_step] = completion_status(enrollment).open_steps
    assert open_step.step.kind == "workshop" and "まだ予定されていません" in open_step.step.label


def test_refresh_never_takes_completion_away(oita, make_program, enrolled_trainee):
    program = make_program(lessons=1)
    lesson = lessons_of(program)[0]
    _trainee, enrollment = enrolled_trainee(program, oita)
    course_services.lesson_complete(enrollment=enrollment, lesson=lesson)
    completed_at = Enrollment.objects.get(pk=enrollment.pk).completed_at
    # A stricter rule written without going through the confirming service changes nothing.
    CompletionRule.objects.create(program=program, survey_required=True, ratings_required=True)
    lesson2 = LessonPage(title="追加", slug="extra", objectives="目標", body=lesson_body())
    program.add_child(instance=lesson2)
    lesson2.save_revision().publish()
    assert completion_refresh(enrollment=enrollment) is True
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert enrollment.completed_at == completed_at


@pytest.mark.parametrize("status", [Enrollment.Status.INVITED, Enrollment.Status.WITHDRAWN])
def test_invited_or_withdrawn_enrollments_never_complete(
    oita, make_program, make_person, make_cohort, status
):
    program = make_program(lessons=1)
    trainee = make_person(oita, Role.TRAINEE)
    cohort = make_cohort(program, oita)
    enrollment = course_services.enrollment_create(trainee=trainee, cohort=cohort, status=status)
    LessonProgress.objects.create(
        enrollment=enrollment, lesson=lessons_of(program)[0], completed_at=timezone.now()
    )
    assert completion_refresh(enrollment=enrollment) is False
    assert _status(enrollment) == status


def test_the_decision_agrees_with_the_checklist_and_stops_at_the_first_open_step(
    oita, make_program, enrolled_trainee, make_person
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from assessments.selectors.completion import rule_met
    from assessments.services.completion import completion_override
    from tests.assessments.test_completion_views import add_part_pages

    program = make_program(lessons=2)
    pages = add_part_pages(program)
    CompletionRule.objects.create(
        program=program,
        quiz_scope=CompletionRule.QuizScope.ALL,
        worksheets_required=True,
        ratings_required=True,
        survey_required=True,
    )
    _trainee, enrollment = enrolled_trainee(program, oita)
    enrollment = Enrollment.objects.select_related("cohort__program").get(pk=enrollment.pk)
    rule_met(enrollment)
    with CaptureQueriesContext(connection) as queries:
        assert rule_met(enrollment) is False
    with CaptureQueriesContext(connection) as full:
        assert completion_status(enrollment).complete is False
    assert len(queries) < len(full)  # the lessons are open: no part is asked
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    kinds = {"quiz": "quiz", "worksheet": "worksheet", "rating": "rating", "survey": "survey"}
    for slug, page in pages.items():
        completion_override(
            enrollment=enrollment, step_key=f"{kinds[slug]}-{page.pk}", reason="確認", by=admin
        )
        assert rule_met(enrollment) == completion_status(enrollment).complete is False
    first, last = lessons_of(program)
    course_services.lesson_complete(enrollment=enrollment, lesson=first)
    assert rule_met(enrollment) is False
    course_services.lesson_complete(enrollment=enrollment, lesson=last)
    assert rule_met(enrollment) is True and completion_status(enrollment).complete
    assert _status(enrollment) == Enrollment.Status.COMPLETED
