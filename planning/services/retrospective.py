"""Writes of the 振り返り: the committee's notes of what to keep and what to change."""

from django.db import transaction
from django.utils.translation import gettext as _

from base.validators import text_problem
from planning.models import (
    NOTE_MAX_LENGTH,
    AnnualPlan,
    CommitteeMember,
    NoteKind,
    RetrospectiveNote,
    TrainingDay,
)
from planning.services.errors import PlanningError


@transaction.atomic
def retrospective_note_add(
    *,
    plan: AnnualPlan,
    kind: str,
    text: str,
    training_day: TrainingDay | None = None,
    author: CommitteeMember | None = None,
) -> RetrospectiveNote:
    """Record what to keep or change, about the whole plan or one of its training days."""
    text = text.strip()
    if kind not in NoteKind.values:
        raise PlanningError("bad_kind", _("「続けること」か「変えること」を選んでください。"))
    if not text:
        raise PlanningError("text_required", _("内容を入力してください。"))
    if len(text) > NOTE_MAX_LENGTH:
        raise PlanningError(
            "text_too_long", _("内容は%(max)s文字までにしてください。") % {"max": NOTE_MAX_LENGTH}
        )
    problem = text_problem(text, multiline=True)
    if problem:
        raise PlanningError("text_unprintable", problem)
    if training_day is not None and training_day.plan_id != plan.pk:
        raise PlanningError("day_elsewhere", _("この計画の研修日を選んでください。"))
    if author is not None and author.committee_id != plan.committee_id:
        author = None  # only this year's members sign a note
    return RetrospectiveNote.objects.create(
        plan=plan, training_day=training_day, kind=kind, text=text, author=author
    )
