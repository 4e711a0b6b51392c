"""Writes about cohorts, enrollments and lesson progress."""

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scoping
from accounts.models import Prefecture, Role, User
from accounts.services import user_access_changed
from base.bulk import bulk_create_announced
from base.validators import text_problem
from courses import progress_hooks, seat_hooks
from courses.models import (
    FIRST_FISCAL_YEAR,
    FISCAL_YEAR_MESSAGE,
    LAST_FISCAL_YEAR,
    Cohort,
    Enrollment,
    LessonPage,
    LessonProgress,
    ProgramPage,
    ReflectionAnswer,
    fiscal_year_span,
)
from courses.permissions import READING_STATUSES
from courses.selectors import reflection_questions

#: Enough for a considered answer to one question; a pasted document is refused.
REFLECTION_MAX_LENGTH = 4000


class CohortError(Exception):
    """A cohort or enrollment change was refused; the message is shown as it is."""


class ReflectionError(Exception):
    """Reflection answers were refused, none of them kept; the message is shown as it is."""


def _tell_sockets_on_commit(user_ids) -> None:
    """Once committed, every open socket of these people re-checks what it may show."""
    ids = sorted(set(user_ids))

    def tell() -> None:
        for user_id in ids:
            user_access_changed(user_id=user_id)

    transaction.on_commit(tell)


def _as_date(value) -> date:
    # Some callers pass ISO strings; comparing a str with a date would raise TypeError.
    return date.fromisoformat(value) if isinstance(value, str) else value


def _check_cohort(*, fiscal_year: int, starts_on, ends_on, title: str, venue: str) -> None:
    """A cohort runs inside its 年度 (April to March), in this century, under a printable name."""
    if not FIRST_FISCAL_YEAR <= fiscal_year <= LAST_FISCAL_YEAR:
        raise CohortError(str(FISCAL_YEAR_MESSAGE))
    starts_on, ends_on = _as_date(starts_on), _as_date(ends_on)
    if ends_on < starts_on:
        raise CohortError(_("終了日は開始日より後にしてください。"))
    first, last = fiscal_year_span(fiscal_year)
    if starts_on < first or ends_on > last:
        raise CohortError(
            _("開始日と終了日は%(year)s年度（%(first)s〜%(last)s）の中にしてください。")
            % {"year": fiscal_year, "first": first.isoformat(), "last": last.isoformat()}
        )
    for label, text in ((_("名称"), title), (_("会場"), venue)):
        problem = text_problem(text or "")
        if problem:
            raise CohortError(_("%(label)s: %(problem)s") % {"label": label, "problem": problem})


def _check_facilitators(prefecture: Prefecture, facilitators) -> None:
    for person in facilitators:
        if prefecture.pk not in scoping.prefecture_ids_for(person, [Role.FACILITATOR]):
            raise CohortError(
                _("%(person)s さんは%(name)sのファシリテーターではありません。")
                % {"person": person, "name": prefecture.name}
            )


@transaction.atomic
def cohort_create(
    *,
    program: ProgramPage,
    prefecture: Prefecture,
    fiscal_year: int,
    title: str,
    starts_on: date,
    ends_on: date,
    venue: str = "",
    capacity: int = 40,
    facilitators=(),
) -> Cohort:
    """Open a run of a program in a prefecture; its facilitators must be the prefecture's."""
    _check_cohort(
        fiscal_year=fiscal_year, starts_on=starts_on, ends_on=ends_on, title=title, venue=venue
    )
    _check_facilitators(prefecture, facilitators)
    cohort = Cohort.objects.create(
        program=program,
        prefecture=prefecture,
        fiscal_year=fiscal_year,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        venue=venue,
        capacity=capacity,
    )
    cohort.facilitators.set(facilitators)
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, facilitators=None, **fields) -> Cohort:
    """Change a cohort's dates, venue, capacity or facilitators; its prefecture stays."""
    fields.pop("prefecture", None)
    old_capacity = cohort.capacity
    for name, value in fields.items():
        setattr(cohort, name, value)
    _check_cohort(
        fiscal_year=cohort.fiscal_year,
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        title=cohort.title,
        venue=cohort.venue,
    )
    if facilitators is not None:
        _check_facilitators(cohort.prefecture, facilitators)
    cohort.save()
    if facilitators is not None:
        cohort.facilitators.set(facilitators)
    if cohort.capacity > old_capacity:
        seat_hooks.seat_freed(cohort=cohort)
    return cohort


@transaction.atomic
def cohort_delete(*, cohort: Cohort) -> None:
    """Remove a cohort and its enrollments; its trainees' and facilitators' sockets hear of it."""
    people = set(cohort.enrollments.values_list("trainee_id", flat=True))
    people |= set(cohort.facilitators.values_list("pk", flat=True))
    try:
        with transaction.atomic():
            cohort.delete()
    except ProtectedError as exc:
        # Group work and its record refer to the cohort; they must not vanish with it.
        raise CohortError(
            _("この回にはグループワークなどの記録があるため削除できません。")
        ) from exc
    _tell_sockets_on_commit(people)


@transaction.atomic
def enrollment_create(
    *, trainee: User, cohort: Cohort, status: str = Enrollment.Status.ENROLLED
) -> Enrollment:
    """Put a trainee of the cohort's prefecture into the cohort, within its capacity."""
    [enrollment] = enrollments_create_many(trainees=[trainee], cohort=cohort, status=status)
    return enrollment


@transaction.atomic
def enrollments_create_many(
    *, trainees: Sequence[User], cohort: Cohort, status: str = Enrollment.Status.ENROLLED
) -> list[Enrollment]:
    """Put trainees of the cohort's prefecture into the cohort, all within its capacity.

    All or nothing, under one lock of the cohort and in a fixed number of queries; each
    enrolment is announced as a single save would be (base.bulk). Returned in order.
    """
    trainees = list(trainees)
    ids = [trainee.pk for trainee in trainees]
    trainees_here = scoping.holders_among(trainees, cohort.prefecture_id, [Role.TRAINEE])
    for trainee in trainees:
        if trainee.pk not in trainees_here:
            raise CohortError(
                _("%(name)s さんは%(prefecture)sの受講者として登録されていません。")
                % {"name": trainee, "prefecture": cohort.prefecture.name}
            )
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    taken = cohort.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).count()
    if taken + len(trainees) > cohort.capacity:
        raise CohortError(
            _("定員（%(capacity)s名）に達しています。") % {"capacity": cohort.capacity}
        )
    already = set(
        cohort.enrollments.filter(trainee_id__in=ids).values_list("trainee_id", flat=True)
    )
    seen: set[int] = set()
    for trainee in trainees:
        if trainee.pk in already or trainee.pk in seen:
            raise CohortError(
                _("%(trainee)s さんはすでにこの回に登録されています。") % {"trainee": trainee}
            )
        seen.add(trainee.pk)
    try:
        with transaction.atomic():
            return bulk_create_announced(
                Enrollment,
                [Enrollment(trainee=trainee, cohort=cohort, status=status) for trainee in trainees],
            )
    except IntegrityError as exc:  # enrolled meanwhile by a request that did not wait
        raise CohortError(_("すでにこの回に登録されている人がいます。")) from exc


def enrollment_accept(*, enrollment: Enrollment) -> Enrollment:
    """An invited trainee starts the course."""
    if enrollment.status == Enrollment.Status.INVITED:
        enrollment.status = Enrollment.Status.ENROLLED
        enrollment.save(update_fields=["status"])
    return enrollment


@transaction.atomic
def enrollment_set_status(*, enrollment: Enrollment, status: str) -> Enrollment:
    """Change an enrollment's state, as the prefecture administrator decides."""
    if status not in Enrollment.Status.values:
        raise CohortError(_("状態が正しくありません。"))
    withdrawing = (
        status == Enrollment.Status.WITHDRAWN and enrollment.status != Enrollment.Status.WITHDRAWN
    )
    enrollment.status = status
    enrollment.completed_at = timezone.now() if status == Enrollment.Status.COMPLETED else None
    enrollment.save(update_fields=["status", "completed_at"])
    if withdrawing:
        seat_hooks.seat_freed(cohort=enrollment.cohort)
    _tell_sockets_on_commit([enrollment.trainee_id])
    return enrollment


def enrollment_completion_set(*, enrollment: Enrollment, completed_at) -> Enrollment:
    """Record that an enrollment became complete (a time) or is no longer complete (None).

    Only the completion rule in assessments calls this, deciding when; an invited or
    withdrawn enrollment is left as it is.
    """
    if enrollment.status not in READING_STATUSES:
        return enrollment
    if completed_at is None:
        enrollment.status, enrollment.completed_at = Enrollment.Status.ENROLLED, None
    else:
        enrollment.status, enrollment.completed_at = Enrollment.Status.COMPLETED, completed_at
    enrollment.save(update_fields=["status", "completed_at"])
    return enrollment


@transaction.atomic
def enrollment_delete(*, enrollment: Enrollment) -> None:
    """Take a trainee out of a cohort; their open sockets re-check access once committed."""
    trainee_id = enrollment.trainee_id
    held_a_seat = enrollment.status != Enrollment.Status.WITHDRAWN
    try:
        with transaction.atomic():
            enrollment.delete()
    except ProtectedError as exc:
        raise CohortError(
            _("この受講登録には記録が残っているため削除できません。状態を「辞退」にしてください。")
        ) from exc
    if held_a_seat:
        seat_hooks.seat_freed(cohort=enrollment.cohort)
    _tell_sockets_on_commit([trainee_id])


def lesson_start(*, enrollment: Enrollment, lesson: LessonPage) -> LessonProgress:
    """Record that a trainee opened a lesson (once)."""
    progress, _created = LessonProgress.objects.get_or_create(enrollment=enrollment, lesson=lesson)
    return progress


@transaction.atomic
def lesson_complete(*, enrollment: Enrollment, lesson: LessonPage) -> LessonProgress:
    """Mark a lesson done; the completion rule (in assessments) hears of it in this transaction."""
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        enrollment=enrollment, lesson=lesson
    )
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at", "updated_at"])
    progress_hooks.progress_changed(enrollment=enrollment)
    return progress


def lesson_position_save(*, enrollment: Enrollment, lesson: LessonPage, position: str) -> None:
    """Remember where in a lesson the trainee stopped reading, for 続きから."""
    progress, created = LessonProgress.objects.get_or_create(
        enrollment=enrollment, lesson=lesson, defaults={"last_position": position}
    )
    if not created:
        # Named fields: the reader page cache keeps pages when only the position moved.
        progress.last_position = position
        progress.save(update_fields=["last_position", "updated_at"])


def _reflection_problem(number: int, text) -> str | None:
    if not isinstance(text, str):
        return _("問い%(n)sの回答の形式が正しくありません。") % {"n": number}
    if len(text) > REFLECTION_MAX_LENGTH:
        return _("問い%(n)sの回答は%(max)s文字以内にしてください（いま%(length)s文字）。") % {
            "n": number,
            "max": REFLECTION_MAX_LENGTH,
            "length": len(text),
        }
    problem = text_problem(text, multiline=True)
    if problem:
        return _("問い%(n)sの回答: %(problem)s") % {"n": number, "problem": problem}
    return None


@transaction.atomic
def reflection_save(
    *, enrollment: Enrollment, lesson: LessonPage, answers: dict[str, str]
) -> list[ReflectionAnswer]:
    """Keep a trainee's answers to a lesson's 振り返りの問い; a blanked answer is removed.

    Answers are keyed by question key; questions left out stay as they were. Any
    refused answer refuses them all, so nothing is ever half-saved.
    """
    program_path = enrollment.cohort.program.path
    if enrollment.status not in READING_STATUSES or not lesson.path.startswith(program_path):
        raise ReflectionError(_("この講義の振り返りは保存できません。"))
    questions = {question.key: question for question in reflection_questions(lesson)}
    if not questions:
        raise ReflectionError(_("この講義には振り返りの問いがありません。"))
    if set(answers) - set(questions):
        raise ReflectionError(
            _("講義の問いが変わりました。ページを読み込み直してから、もう一度保存してください。")
        )
    cleaned: dict[str, str] = {}
    for key, text in answers.items():
        if isinstance(text, str):
            # Browsers send \r\n; one kind of line break keeps lengths and exports honest.
            text = text.replace("\r\n", "\n").strip()
        problem = _reflection_problem(questions[key].number, text)
        if problem:
            raise ReflectionError(problem)
        cleaned[key] = text
    if not any(cleaned.values()):
        raise ReflectionError(_("回答を入力してください。"))
    kept = []
    for key, text in cleaned.items():
        question = questions[key]
        if not text:
            # One by one, so the page-cache signal hears of each removal.
            for answer in enrollment.reflections.filter(lesson=lesson, question_key=key):
                answer.delete()
            continue
        answer, _created = ReflectionAnswer.objects.update_or_create(
            enrollment=enrollment,
            lesson=lesson,
            question_key=key,
            defaults={"text": text, "question": question.text[:300], "position": question.number},
        )
        kept.append(answer)
    progress_hooks.progress_changed(enrollment=enrollment)
    return kept
