"""Demo content of the completion part: 前期共通プログラム's rule, and every demo trainee refreshed."""

from django.db import transaction

from assessments.models import CompletionRule
from assessments.services.completion import (
    RuleNeedsConfirmation,
    completion_refresh,
    completion_rule_save,
)
from courses.models import Enrollment, ProgramPage
from courses.permissions import READING_STATUSES

PROGRAM_SLUG = "zenki-kyotsu"


@transaction.atomic
def seed() -> None:
    """Require lessons, the quiz, the worksheet, the before/after and the survey; refresh everyone.

    Runs after the other parts' seeders, so the trainees' demo answers already count.
    A rule an editor has since changed is left as it is.
    """
    program = ProgramPage.objects.filter(slug=PROGRAM_SLUG).first()
    if program is None:
        return
    if not CompletionRule.objects.filter(program=program).exists():
        rule = CompletionRule(
            program=program,
            lesson_scope=CompletionRule.LessonScope.ALL,
            quiz_scope=CompletionRule.QuizScope.ALL,
            worksheets_required=True,
            ratings_required=True,
            survey_required=True,
        )
        try:
            completion_rule_save(rule=rule)
        except RuleNeedsConfirmation as exc:
            # The seeder writes the demo's rule as its editor would, having read the list.
            completion_rule_save(rule=rule, confirmed=exc.change.token)
    for enrollment in Enrollment.objects.filter(
        cohort__program=program, status__in=READING_STATUSES
    ):
        completion_refresh(enrollment=enrollment)
