"""Reads of the self-rating part: statements, when each phase opens, answers, and the cohort report.

When a trainee may answer (one rule, used by the page, the service and the survey):
- 研修前 (before) is open until the enrollment completes its first lesson, and closes as
  soon as 研修後 opens. A trainee who missed it answers only 研修後.
- 研修後 (after) opens on the cohort's last training day (`cohort.ends_on <= today`), or
  earlier once every lesson of the program is completed.
Each phase is answered once per enrollment.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from assessments.models import RatingPhase, SelfRating, SelfRatingPage, SelfRatingScore
from assessments.permissions import cohorts_watched_by, own_enrollments, report_cohort_ids
from courses.models import Cohort, Enrollment, LessonPage, LessonProgress, ProgramPage

#: What a trainee sees about one phase on the page.
ANSWERED, OPEN, NOT_YET, CLOSED = "answered", "open", "not_yet", "closed"


@dataclass(frozen=True)
class RatingStatement:
    """One statement of a self-rating page, numbered in page order, with its stable key."""

    key: str
    number: int
    text: str


def statements_of(page: SelfRatingPage) -> list[RatingStatement]:
    """The page's statements in the order written (reads the loaded field, no query)."""
    return [
        RatingStatement(key=block.id, number=number, text=block.value["text"])
        for number, block in enumerate(page.statements, start=1)
        if block.block_type == "statement" and block.id
    ]


def pages_of(program: ProgramPage) -> list[SelfRatingPage]:
    """The program's live self-rating pages in CMS order."""
    return list(SelfRatingPage.objects.child_of(program).live().order_by("path"))


def done_pages(enrollment_ids: Collection[int]) -> dict[int, set[int]]:
    """For each enrollment, the self-rating pages it answered both before and after (one query)."""
    done: dict[int, set[int]] = {enrollment_id: set() for enrollment_id in enrollment_ids}
    rows = (
        SelfRating.objects.filter(enrollment_id__in=list(enrollment_ids))
        .values("enrollment_id", "page_id")
        .annotate(phases=Count("phase", distinct=True))
        .filter(phases=len(RatingPhase.values))
        .values_list("enrollment_id", "page_id")
    )
    for enrollment_id, page_id in rows:
        done.setdefault(enrollment_id, set()).add(page_id)
    return done


def program_of(page) -> ProgramPage:
    """The program a self-rating or survey page sits under."""
    return ProgramPage.objects.get(path=page.path[: -page.steplen])


def page_enrollment(user, page) -> Enrollment | None:
    """The user's own open enrollment in the program the page belongs to, latest cohort first."""
    program_path = page.path[: -page.steplen]
    return (
        own_enrollments(user)
        .filter(cohort__program__path=program_path)
        .select_related("cohort", "cohort__program")
        .order_by("-cohort__fiscal_year", "-cohort__starts_on")
        .first()
    )


def watched_cohorts_of(user, page) -> QuerySet[Cohort]:
    """The cohorts of the page's program whose reports the user may read."""
    program_path = page.path[: -page.steplen]
    return (
        cohorts_watched_by(user)
        .filter(program__path=program_path)
        .select_related("prefecture")
        .order_by("-fiscal_year", "-starts_on")
    )


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def lessons_all_done(enrollment: Enrollment) -> bool:
    """Every live lesson of the enrollment's program is completed (a program without lessons: no)."""
    program = enrollment.cohort.program
    lesson_ids = set(LessonPage.objects.child_of(program).live().values_list("pk", flat=True))
    if not lesson_ids:
        return False
    done = set(
        LessonProgress.objects.filter(
            enrollment=enrollment, lesson_id__in=lesson_ids, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )
    return lesson_ids <= done


def training_over(enrollment: Enrollment, *, today: date | None = None) -> bool:
    """研修後: the cohort's last day has come, or the trainee completed every lesson."""
    return enrollment.cohort.ends_on <= _today(today) or lessons_all_done(enrollment)


def any_lesson_done(enrollment: Enrollment) -> bool:
    """The enrollment has completed at least one lesson: 研修前 is over."""
    return LessonProgress.objects.filter(enrollment=enrollment, completed_at__isnull=False).exists()


@dataclass(frozen=True)
class PhaseState:
    """Where one phase stands for a trainee: answered, open, not yet open, or closed."""

    phase: str
    label: str
    status: str
    opens_on: date | None = None
    answered_at: object = None

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


def phase_states(
    enrollment: Enrollment, page: SelfRatingPage, *, today: date | None = None
) -> dict[str, PhaseState]:
    """Both phases of one page for one enrollment, by phase value."""
    answered = dict(
        SelfRating.objects.filter(enrollment=enrollment, page=page).values_list(
            "phase", "answered_at"
        )
    )
    after_open = training_over(enrollment, today=today)
    states = {}
    for phase in RatingPhase:
        if phase in answered:
            status = ANSWERED
        elif phase == RatingPhase.BEFORE:
            status = CLOSED if after_open or any_lesson_done(enrollment) else OPEN
        else:
            status = OPEN if after_open else NOT_YET
        states[phase.value] = PhaseState(
            phase=phase.value,
            label=str(phase.label),
            status=status,
            opens_on=enrollment.cohort.ends_on if status == NOT_YET else None,
            answered_at=answered.get(phase.value),
        )
    return states


def own_scores(enrollment: Enrollment, page: SelfRatingPage) -> dict[str, dict[str, int]]:
    """The enrollment's own scores by phase, then by statement key (one query)."""
    scores: dict[str, dict[str, int]] = {}
    rows = SelfRatingScore.objects.filter(
        rating__enrollment=enrollment, rating__page=page
    ).values_list("rating__phase", "statement_key", "score")
    for phase, key, score in rows:
        scores.setdefault(phase, {})[key] = score
    return scores


@dataclass(frozen=True)
class RatingChange:
    """One statement's before/after in a report: means over those who answered both phases."""

    page_id: int
    page_title: str
    key: str
    number: int
    statement: str
    n: int
    before_mean: Decimal | None
    after_mean: Decimal | None
    change: Decimal | None


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def rating_changes(
    *,
    user,
    cohorts: Iterable[Cohort] | None = None,
    cohort_ids: Iterable[int] | None = None,
    page: SelfRatingPage | None = None,
) -> list[RatingChange]:
    """Per statement: mean before, mean after, the change, and n who answered both.

    Only cohorts whose figures the user may read count (assessments.permissions.
    cohorts_reported_to: the cohorts they watch, and their prefecture's for its
    committee); others are ignored. `page` limits the report to one page.
    Statements are listed in page order; a statement removed from its page is left out.
    """
    ids = report_cohort_ids(user, cohorts=cohorts, cohort_ids=cohort_ids)
    if not ids:
        return []
    rows = SelfRatingScore.objects.filter(rating__enrollment__cohort_id__in=ids)
    if page is not None:
        rows = rows.filter(rating__page=page)
    # (page, key) -> enrollment -> phase -> score
    scores: dict[tuple[int, str], dict[int, dict[str, int]]] = {}
    for page_id, key, enrollment_id, phase, score in rows.values_list(
        "rating__page_id", "statement_key", "rating__enrollment_id", "rating__phase", "score"
    ):
        scores.setdefault((page_id, key), {}).setdefault(enrollment_id, {})[phase] = score
    pages = [page] if page is not None else []
    if page is None:
        page_ids = {page_id for page_id, _key in scores}
        pages = list(SelfRatingPage.objects.filter(pk__in=page_ids).order_by("path"))
    changes = []
    for rating_page in pages:
        for statement in statements_of(rating_page):
            by_enrollment = scores.get((rating_page.pk, statement.key), {})
            pairs = [
                (answer[RatingPhase.BEFORE], answer[RatingPhase.AFTER])
                for answer in by_enrollment.values()
                if RatingPhase.BEFORE in answer and RatingPhase.AFTER in answer
            ]
            before = _mean([b for b, _a in pairs])
            after = _mean([a for _b, a in pairs])
            changes.append(
                RatingChange(
                    page_id=rating_page.pk,
                    page_title=rating_page.title,
                    key=statement.key,
                    number=statement.number,
                    statement=statement.text,
                    n=len(pairs),
                    before_mean=before,
                    after_mean=after,
                    change=None if before is None else after - before,
                )
            )
    return changes


def phase_counts(*, page: SelfRatingPage, cohort: Cohort) -> dict[str, int]:
    """How many of the cohort answered each phase, and both (one query)."""
    rows = (
        SelfRating.objects.filter(page=page, enrollment__cohort=cohort)
        .values("enrollment_id")
        .annotate(
            before=Count("pk", filter=Q(phase=RatingPhase.BEFORE)),
            after=Count("pk", filter=Q(phase=RatingPhase.AFTER)),
        )
    )
    counts = {"before": 0, "after": 0, "both": 0}
    for row in rows:
        counts["before"] += bool(row["before"])
        counts["after"] += bool(row["after"])
        counts["both"] += bool(row["before"] and row["after"])
    return counts
