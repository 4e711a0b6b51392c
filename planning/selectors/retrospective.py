"""Reads of the 振り返り: per training day, the survey, the before/after change and the counts."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from assessments.selectors.completion import completion_table
from assessments.selectors.ratings import RatingChange, rating_changes
from assessments.selectors.surveys import QuestionResult, survey_results
from courses.charts import BarChart, PairedBarChart, bar_chart, paired_bar_chart
from courses.models import Enrollment
from planning import permissions
from planning.models import AnnualPlan, CommitteeMember, RetrospectiveNote, TrainingDay

#: the self-rating and survey scales run 1 to 5
SCALE_MAX = Decimal(5)


@dataclass
class DayFigures:
    """One training day's figures for the 振り返り, with its charts and its notes."""

    day: TrainingDay
    enrolled: int = 0
    by_status: list[tuple[str, int]] = field(default_factory=list)
    complete: int = 0
    survey: list[QuestionResult] = field(default_factory=list)
    survey_chart: BarChart | None = None
    changes: list[RatingChange] = field(default_factory=list)
    change_chart: PairedBarChart | None = None
    notes: list[RetrospectiveNote] = field(default_factory=list)


def _day_figures(user, day: TrainingDay, notes: list[RetrospectiveNote]) -> DayFigures:
    figures = DayFigures(day=day, notes=notes)
    cohort = day.cohort
    if cohort is None:
        return figures
    statuses = Counter(cohort.enrollments.values_list("status", flat=True))
    labels = dict(Enrollment.Status.choices)
    figures.by_status = [(labels[s], statuses[s]) for s in Enrollment.Status.values if statuses[s]]
    figures.enrolled = sum(n for s, n in statuses.items() if s != Enrollment.Status.WITHDRAWN)
    figures.complete = completion_table(cohort).complete_count
    # The assessments selectors count only cohorts whose figures this person may read.
    figures.survey = [q for q in survey_results(user=user, cohorts=[cohort]) if q.mean is not None]
    if figures.survey:
        figures.survey_chart = bar_chart(
            [(_("質問%(n)s") % {"n": q.number}, q.mean) for q in figures.survey], unit=""
        )
    figures.changes = rating_changes(user=user, cohorts=[cohort])
    if figures.changes:
        figures.change_chart = paired_bar_chart(
            [
                (_("項目%(n)s") % {"n": c.number}, c.before_mean, c.after_mean)
                for c in figures.changes
            ],
            scale_max=SCALE_MAX,
            first_name=_("研修前"),
            second_name=_("研修後"),
        )
    return figures


def retrospective(user, plan: AnnualPlan) -> tuple[list[DayFigures], list[RetrospectiveNote]]:
    """Each training day's figures with its notes, and the notes about the whole plan."""
    notes = list(
        RetrospectiveNote.objects.filter(plan=plan).select_related("author__user", "training_day")
    )
    by_day: dict[int, list[RetrospectiveNote]] = {}
    for note in notes:
        by_day.setdefault(note.training_day_id, []).append(note)
    days = plan.training_days.select_related("cohort__program", "cohort__prefecture").order_by(
        "date", "starts_at", "pk"
    )
    return [_day_figures(user, day, by_day.get(day.pk, [])) for day in days], by_day.get(None, [])


def own_seat(user, plan: AnnualPlan) -> CommitteeMember | None:
    """The person's seat on the plan's committee, to sign their notes; None for administrators."""
    return (
        CommitteeMember.objects.for_user(user, roles=permissions.EDIT_ROLES)
        .filter(committee_id=plan.committee_id, user=user)
        .first()
    )
