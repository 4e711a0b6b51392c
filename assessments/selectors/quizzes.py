"""Reads of the quizzes part: questions as marking sees them, attempts, results and what is done."""

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments import permissions
from assessments.marking import CHOICE_KINDS, Kind, Option, Question, shuffled
from assessments.models import QuizAttempt, QuizPage, QuizReview
from courses.models import Cohort, Enrollment, ProgramPage

TRUE_FALSE_OPTIONS = (("true", _("○（正しい）")), ("false", _("×（誤り）")))


def question_from_block(kind: str, key: str, value) -> Question:
    """One question block's value as marking sees it; list items keep their block ids as ids."""
    kind = Kind(kind)
    options: tuple[Option, ...] = ()
    accepted: tuple[str, ...] = ()
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        options = tuple(
            Option(
                id=item.id or str(number),
                text=item.value["text"],
                correct=bool(item.value["correct"]),
            )
            for number, item in enumerate(value["choices"].bound_blocks)
        )
    elif kind == Kind.TRUE_FALSE:
        options = tuple(
            Option(id=code, text=str(label), correct=value["answer"] == code)
            for code, label in TRUE_FALSE_OPTIONS
        )
    elif kind == Kind.ORDERING:
        options = tuple(
            Option(id=item.id or str(number), text=item.value)
            for number, item in enumerate(value["items"].bound_blocks)
        )
    elif kind == Kind.SHORT:
        accepted = tuple(value["accepted"])
    return Question(
        key=key,
        kind=kind,
        prompt=value["prompt"],
        points=value["points"] or 0,
        feedback=value.get("feedback") or "",
        options=options,
        accepted=accepted,
    )


def quiz_questions(quiz: QuizPage) -> list[Question]:
    """The quiz's questions in order, keyed by their StreamField block ids."""
    return [
        question_from_block(block.block_type, block.id, block.value) for block in quiz.questions
    ]


def question_view(
    question: Question,
    *,
    number: int,
    seed: str,
    given=None,
    mark: dict | None = None,
    reveal: bool = False,
) -> dict:
    """What a template may show of a question: never the key, unless `reveal` says so.

    `given` is the trainee's answer (to redraw a refused form, or to review), `mark` its
    stored mark. Ordering items come in the attempt's own shuffled order.
    """
    view = {
        "key": question.key,
        "kind": question.kind.value,
        "number": number,
        "prompt": question.prompt,
        "points": question.points,
        "field": f"q__{question.key}",
        "is_choice": question.kind in CHOICE_KINDS,
        "multiple": question.kind == Kind.MULTIPLE,
    }
    chosen = set(given) if isinstance(given, list) else set()
    if question.kind == Kind.ORDERING:
        texts = {option.id: option.text for option in question.options}
        order = list(given) if isinstance(given, list) and set(given) == set(texts) else None
        order = order or shuffled(question.option_ids(), f"{seed}:{question.key}")
        view["items"] = [
            {
                "id": item,
                "text": texts[item],
                "position": index + 1,
                "field": f"o__{question.key}__{item}",
            }
            for index, item in enumerate(order)
        ]
        view["positions"] = list(range(1, len(order) + 1))
    elif question.kind in CHOICE_KINDS:
        view["options"] = [
            {"id": option.id, "text": option.text, "chosen": option.id in chosen}
            for option in question.options
        ]
    else:
        view["text"] = given if isinstance(given, str) else ""
    if mark is not None:
        view["earned"] = mark.get("earned", 0)
        view["correct"] = bool(mark.get("correct"))
    if reveal:
        view["feedback"] = question.feedback
        if question.kind == Kind.ORDERING:
            view["right_order"] = [option.text for option in question.options]
        elif question.kind == Kind.SHORT:
            view["accepted"] = list(question.accepted)
        else:
            right = {option.id for option in question.options if option.correct}
            for option in view["options"]:
                option["right"] = option["id"] in right
    return view


def window_problem(quiz: QuizPage, now=None) -> str | None:
    """Why the quiz cannot be taken now because of its time window, or None."""
    now = now or timezone.now()
    if quiz.opens_at and now < quiz.opens_at:
        return gettext("この小テストはまだ受験期間ではありません。")
    if quiz.closes_at and now >= quiz.closes_at:
        return gettext("この小テストの受験期間は終わりました。")
    return None


def limit_problem(quiz: QuizPage, used: int) -> str | None:
    """Why another attempt cannot start after `used` attempts, or None."""
    if used >= quiz.attempts_limit:
        return gettext(
            "この小テストは%(limit)s回まで受験できます。受験できる回数を使い切りました。"
        ) % {"limit": quiz.attempts_limit}
    return None


def quiz_program(quiz: QuizPage) -> ProgramPage:
    """The program a quiz belongs to: its parent page."""
    return ProgramPage.objects.get(path=quiz.path[: -QuizPage.steplen])


def quiz_enrollment(user, quiz: QuizPage, program_id: int | None = None) -> Enrollment | None:
    """The trainee's own enrollment that lets them take this quiz, the latest cohort first."""
    if program_id is None:
        program_id = quiz_program(quiz).pk
    return (
        permissions.own_enrollments(user)
        .filter(cohort__program_id=program_id)
        .select_related("cohort")
        .order_by("-cohort__fiscal_year", "-cohort__starts_on", "-pk")
        .first()
    )


def attempts_of(enrollment: Enrollment, quiz: QuizPage) -> list[QuizAttempt]:
    """One enrollment's attempts at one quiz, the first first."""
    return list(QuizAttempt.objects.filter(enrollment=enrollment, quiz=quiz).order_by("number"))


def review_open(quiz: QuizPage, now=None) -> bool:
    """Whether trainees may now see the right answers and feedback of their submitted attempts."""
    if quiz.review == QuizReview.AFTER_SUBMIT:
        return True
    if quiz.review == QuizReview.AFTER_CLOSE:
        return quiz.closes_at is not None and (now or timezone.now()) >= quiz.closes_at
    return False


def own_attempt(user, attempt_id: int) -> QuizAttempt | None:
    """A trainee's own attempt, or None for anyone else's."""
    return (
        QuizAttempt.objects.filter(pk=attempt_id, enrollment__in=permissions.own_enrollments(user))
        .select_related("quiz", "enrollment__cohort")
        .first()
    )


def attempt_visible_to(user, attempt_id: int) -> QuizAttempt | None:
    """An attempt the person may read: their own, or one of a cohort they facilitate or administer."""
    attempt = own_attempt(user, attempt_id)
    if attempt is not None:
        return attempt
    return (
        QuizAttempt.objects.filter(
            pk=attempt_id, enrollment__in=permissions.enrollments_watched_by(user)
        )
        .select_related("quiz", "enrollment__cohort", "enrollment__trainee")
        .first()
    )


def cohorts_of_quiz_watched_by(user, quiz: QuizPage) -> QuerySet[Cohort]:
    """The cohorts running this quiz's program whose results the person may read."""
    return permissions.cohorts_watched_by(user).filter(program_id=quiz_program(quiz).pk)


@dataclass(frozen=True)
class TraineeResult:
    """One trainee's standing on a quiz, for the cohort's results table."""

    enrollment: Enrollment
    attempts: int
    best_score: int | None
    passed: bool
    last_attempt_id: int | None


def cohort_results(quiz: QuizPage, cohort: Cohort) -> list[TraineeResult]:
    """Every enrolled trainee of the cohort with their attempts at the quiz (two queries)."""
    enrollments = list(
        cohort.enrollments.exclude(
            status__in=[Enrollment.Status.INVITED, Enrollment.Status.WITHDRAWN]
        )
        .select_related("trainee")
        .order_by("trainee__furigana", "trainee__full_name", "pk")
    )
    submitted = Q(quiz_attempts__quiz=quiz, quiz_attempts__submitted_at__isnull=False)
    rows = {
        row["pk"]: row
        for row in Enrollment.objects.filter(pk__in=[e.pk for e in enrollments])
        .values("pk")
        .annotate(
            attempts=Count("quiz_attempts", filter=submitted),
            best=Max("quiz_attempts__score", filter=submitted),
            passes=Count("quiz_attempts", filter=submitted & Q(quiz_attempts__passed=True)),
            last=Max("quiz_attempts__pk", filter=submitted),
        )
    }
    return [
        TraineeResult(
            enrollment=enrollment,
            attempts=rows[enrollment.pk]["attempts"],
            best_score=rows[enrollment.pk]["best"],
            passed=rows[enrollment.pk]["passes"] > 0,
            last_attempt_id=rows[enrollment.pk]["last"],
        )
        for enrollment in enrollments
    ]


def pages_of(program: ProgramPage) -> list[QuizPage]:
    """The program's live quizzes, in the order the editor arranged them."""
    return list(QuizPage.objects.child_of(program).live().order_by("path"))


def done_pages(enrollment_ids: Collection[int]) -> dict[int, set[int]]:
    """For each enrollment, the ids of the quizzes it has passed (one query)."""
    done: dict[int, set[int]] = {pk: set() for pk in enrollment_ids}
    rows = (
        QuizAttempt.objects.filter(enrollment_id__in=list(enrollment_ids), passed=True)
        .values_list("enrollment_id", "quiz_id")
        .distinct()
    )
    for enrollment_id, quiz_id in rows:
        done.setdefault(enrollment_id, set()).add(quiz_id)
    return done
