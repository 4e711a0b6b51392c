"""Reads of the survey part: questions, whether a trainee may answer, and the results.

`survey_results` is what the planning issue's 振り返り (retrospective) reads. For an
anonymous survey, a cohort with fewer than MIN_ANONYMOUS_GROUP answers is withheld
from every result, total and export, and nothing names a respondent; free texts are
listed in the random order of their keys, never in the order they were written.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from assessments.models import (
    MIN_ANONYMOUS_GROUP,
    RATING_MAX,
    RATING_MIN,
    SurveyAnswer,
    SurveyPage,
    SurveyResponse,
    SurveySubmission,
)
from assessments.permissions import report_cohort_ids
from assessments.selectors.ratings import training_over
from courses.models import Cohort, Enrollment, ProgramPage

RATING, TEXT = "rating", "text"
#: What a trainee sees about the survey on its page.
ANSWERED, OPEN, NOT_YET = "answered", "open", "not_yet"


@dataclass(frozen=True)
class SurveyQuestion:
    """One question of a survey page, numbered in page order, with its stable key."""

    key: str
    number: int
    kind: str
    text: str
    required: bool
    low_label: str = ""
    high_label: str = ""


def questions_of(page: SurveyPage) -> list[SurveyQuestion]:
    """The page's questions in the order written (reads the loaded field, no query)."""
    questions = []
    for block in page.questions:
        if block.block_type not in (RATING, TEXT) or not block.id:
            continue
        questions.append(
            SurveyQuestion(
                key=block.id,
                number=len(questions) + 1,
                kind=block.block_type,
                text=block.value["text"],
                required=bool(block.value.get("required")),
                low_label=block.value.get("low_label", "") or "",
                high_label=block.value.get("high_label", "") or "",
            )
        )
    return questions


def pages_of(program: ProgramPage) -> list[SurveyPage]:
    """The program's live survey pages in CMS order."""
    return list(SurveyPage.objects.child_of(program).live().order_by("path"))


def done_pages(enrollment_ids: Collection[int]) -> dict[int, set[int]]:
    """For each enrollment, the survey pages it has answered (one query)."""
    done: dict[int, set[int]] = {enrollment_id: set() for enrollment_id in enrollment_ids}
    rows = SurveyResponse.objects.filter(enrollment_id__in=list(enrollment_ids)).values_list(
        "enrollment_id", "page_id"
    )
    for enrollment_id, page_id in rows:
        done.setdefault(enrollment_id, set()).add(page_id)
    return done


@dataclass(frozen=True)
class SurveyState:
    """Where the survey stands for a trainee: answered (on which day), open, or not yet open."""

    status: str
    opens_on: date | None = None
    answered_on: date | None = None

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


def survey_state(
    enrollment: Enrollment, page: SurveyPage, *, today: date | None = None
) -> SurveyState:
    """The survey opens with 研修後: on the cohort's last day, or once every lesson is done."""
    answered_on = (
        SurveyResponse.objects.filter(enrollment=enrollment, page=page)
        .values_list("answered_on", flat=True)
        .first()
    )
    if answered_on is not None:
        return SurveyState(status=ANSWERED, answered_on=answered_on)
    if training_over(enrollment, today=today):
        return SurveyState(status=OPEN)
    return SurveyState(status=NOT_YET, opens_on=enrollment.cohort.ends_on)


@dataclass(frozen=True)
class FreeText:
    """One free-text answer; `name` only when the survey names its respondents."""

    text: str
    name: str | None = None


@dataclass
class QuestionResult:
    """One question's results over the cohorts asked for, or `too_few` when they are withheld."""

    page_id: int
    page_title: str
    anonymous: bool
    key: str
    number: int
    kind: str
    text: str
    low_label: str
    high_label: str
    #: submissions counted (cohorts withheld for too few answers are not counted)
    respondents: int
    #: answers this question received among them
    count: int = 0
    mean: Decimal | None = None
    #: score -> how many gave it, every score of the scale present
    distribution: dict[int, int] = field(default_factory=dict)
    texts: list[FreeText] = field(default_factory=list)
    too_few: bool = False
    #: cohorts left out because an anonymous survey had fewer than MIN_ANONYMOUS_GROUP answers
    withheld_cohorts: int = 0


def _counted_submissions(page: SurveyPage, cohort_ids: list[int]) -> tuple[list, int]:
    """Submissions of the cohorts whose results may be shown, and how many cohorts are withheld."""
    submissions = list(
        SurveySubmission.objects.filter(page=page, cohort_id__in=cohort_ids)
        .select_related("enrollment__trainee")
        .order_by("id")
    )
    if not page.anonymous:
        return submissions, 0
    per_cohort: dict[int, int] = {}
    for submission in submissions:
        per_cohort[submission.cohort_id] = per_cohort.get(submission.cohort_id, 0) + 1
    withheld = {cid for cid in cohort_ids if per_cohort.get(cid, 0) < MIN_ANONYMOUS_GROUP}
    return [s for s in submissions if s.cohort_id not in withheld], len(withheld)


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _page_results(
    page: SurveyPage, cohort_ids: list[int], named_cohort_ids: set[int]
) -> list[QuestionResult]:
    submissions, withheld = _counted_submissions(page, cohort_ids)
    answers: dict[str, list[SurveyAnswer]] = {}
    owner = {s.pk: s for s in submissions}
    if submissions:
        rows = SurveyAnswer.objects.filter(submission__in=list(owner)).order_by("id")
        for answer in rows:
            answers.setdefault(answer.question_key, []).append(answer)
    results = []
    for question in questions_of(page):
        result = QuestionResult(
            page_id=page.pk,
            page_title=page.title,
            anonymous=page.anonymous,
            key=question.key,
            number=question.number,
            kind=question.kind,
            text=question.text,
            low_label=question.low_label,
            high_label=question.high_label,
            respondents=len(submissions),
            withheld_cohorts=withheld,
            too_few=not submissions and page.anonymous,
        )
        given = answers.get(question.key, [])
        if question.kind == RATING:
            scores = [a.rating for a in given if a.rating is not None]
            result.count = len(scores)
            result.mean = _mean(scores)
            result.distribution = {
                score: scores.count(score) for score in range(RATING_MIN, RATING_MAX + 1)
            }
        else:
            texts = [a for a in given if a.text]
            result.count = len(texts)
            result.texts = [
                FreeText(
                    text=a.text,
                    name=None
                    if page.anonymous
                    or owner[a.submission_id].enrollment is None
                    or owner[a.submission_id].cohort_id not in named_cohort_ids
                    else owner[a.submission_id].enrollment.trainee.full_name,
                )
                for a in texts
            ]
        results.append(result)
    return results


def survey_results(
    *,
    user,
    cohorts: Iterable[Cohort] | None = None,
    cohort_ids: Iterable[int] | None = None,
    page: SurveyPage | None = None,
) -> list[QuestionResult]:
    """Per question: counts, mean, the 1–5 distribution and free texts, or `too_few`.

    Only cohorts whose figures the user may read count (the cohorts they watch, and
    their prefecture's for its committee); others are ignored. Names go with a named
    survey's texts only for cohorts the user watches. Without `page`, every live survey of the
    cohorts' programs is read, in CMS order.
    """
    ids = report_cohort_ids(user, cohorts=cohorts, cohort_ids=cohort_ids)
    if not ids:
        return []
    named = set(report_cohort_ids(user, cohort_ids=ids, named=True))
    if page is not None:
        pages = [page]
    else:
        program_ids = set(Cohort.objects.filter(pk__in=ids).values_list("program_id", flat=True))
        pages = []
        for program in ProgramPage.objects.filter(pk__in=program_ids).order_by("path"):
            pages += pages_of(program)
    results = []
    for survey in pages:
        results += _page_results(survey, ids, named)
    return results


@dataclass
class SurveyExport:
    """The table of one survey's answers for a CSV or XLSX download, or `too_few`."""

    header: list[str]
    rows: list[list]
    too_few: bool = False


def survey_export(*, user, page: SurveyPage, cohort: Cohort) -> SurveyExport:
    """One row per counted answer; named (氏名, 回答日) only when the survey is not anonymous."""
    ids = report_cohort_ids(user, cohorts=[cohort], named=True)
    questions = questions_of(page)
    named = not page.anonymous
    header = ([_("氏名"), _("回答日")] if named else []) + [
        f"{q.number}. {q.text}" for q in questions
    ]
    if not ids:
        return SurveyExport(header=header, rows=[], too_few=page.anonymous)
    submissions, _withheld = _counted_submissions(page, ids)
    if page.anonymous and not submissions:
        return SurveyExport(header=header, rows=[], too_few=True)
    values: dict = {}
    for answer in SurveyAnswer.objects.filter(submission__in=[s.pk for s in submissions]):
        values[(answer.submission_id, answer.question_key)] = (
            answer.rating if answer.rating is not None else answer.text
        )
    rows = []
    for submission in submissions:
        row = []
        if named:
            person = submission.enrollment.trainee.full_name if submission.enrollment else ""
            row += [person, submission.answered_on.isoformat()]
        row += [values.get((submission.pk, q.key), "") for q in questions]
        rows.append(row)
    if named:
        rows.sort(key=lambda row: (row[0], row[1]))
    return SurveyExport(header=header, rows=rows)


def response_count(*, page: SurveyPage, cohort: Cohort) -> tuple[int, int]:
    """How many of the cohort's enrolled trainees have answered, and how many there are."""
    from courses.permissions import READING_STATUSES

    answered = SurveyResponse.objects.filter(page=page, enrollment__cohort=cohort).count()
    enrolled = cohort.enrollments.filter(status__in=READING_STATUSES).count()
    return answered, enrolled
