"""The demo's completion rule for 前期共通プログラム, and the demo trainees refreshed against it."""

from django.core.management import call_command

from assessments.models import CompletionRule
from assessments.selectors.completion import completion_status
from courses.models import Enrollment


def test_the_demo_rule_asks_for_lessons_quiz_worksheet_ratings_and_survey(db):
    call_command("seed_demo", "--password", "demo-pass-123")
    call_command("seed_demo", "--password", "demo-pass-123")  # idempotent
    rule = CompletionRule.objects.get(program__slug="zenki-kyotsu")
    assert rule.lesson_scope == CompletionRule.LessonScope.ALL
    assert rule.quiz_scope == CompletionRule.QuizScope.ALL
    assert rule.worksheets_required and rule.ratings_required and rule.survey_required
    assert not rule.workshop_required
    trainee = Enrollment.objects.select_related("cohort", "cohort__program").get(
        trainee__email="trainee.oita@example.jp", cohort__program=rule.program
    )
    status = completion_status(trainee)
    kinds = {state.step.kind for state in status.steps}
    assert {"lesson", "quiz", "worksheet", "rating", "survey"} <= kinds
    # The browser test walks trainee.oita to completion: the demo leaves steps open.
    assert not status.complete and trainee.status == Enrollment.Status.ENROLLED
    for enrollment in Enrollment.objects.filter(cohort__program=rule.program).select_related(
        "cohort", "cohort__program"
    ):
        complete = completion_status(enrollment).complete
        assert complete == (enrollment.status == Enrollment.Status.COMPLETED)
