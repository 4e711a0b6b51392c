"""Writes about cohorts, enrollments and lesson progress."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scoping
from accounts.models import Prefecture, Role, User
from accounts.services import user_access_changed
from courses.models import Cohort, Enrollment, LessonPage, LessonProgress, ProgramPage
from courses.selectors import program_lessons


class CohortError(Exception):
    """A cohort or enrollment change was refused; the message is shown as it is."""


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
    if ends_on < starts_on:
        raise CohortError(_("終了日は開始日より後にしてください。"))
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
    for name, value in fields.items():
        setattr(cohort, name, value)
    if cohort.ends_on < cohort.starts_on:
        raise CohortError(_("終了日は開始日より後にしてください。"))
    if facilitators is not None:
        _check_facilitators(cohort.prefecture, facilitators)
    cohort.save()
    if facilitators is not None:
        cohort.facilitators.set(facilitators)
    return cohort


@transaction.atomic
def enrollment_create(
    *, trainee: User, cohort: Cohort, status: str = Enrollment.Status.ENROLLED
) -> Enrollment:
    """Put a trainee of the cohort's prefecture into the cohort, within its capacity."""
    if cohort.prefecture_id not in scoping.prefecture_ids_for(trainee, [Role.TRAINEE]):
        raise CohortError(
            _("%(name)s さんは%(prefecture)sの受講者として登録されていません。")
            % {"name": trainee, "prefecture": cohort.prefecture.name}
        )
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    taken = cohort.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).count()
    if taken >= cohort.capacity:
        raise CohortError(
            _("定員（%(capacity)s名）に達しています。") % {"capacity": cohort.capacity}
        )
    try:
        with transaction.atomic():
            return Enrollment.objects.create(trainee=trainee, cohort=cohort, status=status)
    except IntegrityError as exc:
        raise CohortError(
            _("%(trainee)s さんはすでにこの回に登録されています。") % {"trainee": trainee}
        ) from exc


def enrollment_accept(*, enrollment: Enrollment) -> Enrollment:
    """An invited trainee starts the course."""
    if enrollment.status == Enrollment.Status.INVITED:
        enrollment.status = Enrollment.Status.ENROLLED
        enrollment.save(update_fields=["status"])
    return enrollment


def enrollment_set_status(*, enrollment: Enrollment, status: str) -> Enrollment:
    """Change an enrollment's state, as the prefecture administrator decides."""
    if status not in Enrollment.Status.values:
        raise CohortError(_("状態が正しくありません。"))
    enrollment.status = status
    enrollment.completed_at = timezone.now() if status == Enrollment.Status.COMPLETED else None
    enrollment.save(update_fields=["status", "completed_at"])
    # Live sockets (group work) re-check access once the change is committed.
    transaction.on_commit(lambda: user_access_changed(user_id=enrollment.trainee_id))
    return enrollment


def lesson_start(*, enrollment: Enrollment, lesson: LessonPage) -> LessonProgress:
    """Record that a trainee opened a lesson (once)."""
    progress, _created = LessonProgress.objects.get_or_create(enrollment=enrollment, lesson=lesson)
    return progress


@transaction.atomic
def lesson_complete(*, enrollment: Enrollment, lesson: LessonPage) -> LessonProgress:
    """Mark a lesson done; when every lesson of the program is done the enrollment completes."""
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        enrollment=enrollment, lesson=lesson
    )
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at", "updated_at"])
    lesson_ids = {item.pk for item in program_lessons(enrollment.cohort.program)}
    done = set(
        enrollment.progress.filter(completed_at__isnull=False).values_list("lesson_id", flat=True)
    )
    if lesson_ids and lesson_ids <= done and enrollment.status == Enrollment.Status.ENROLLED:
        enrollment.status = Enrollment.Status.COMPLETED
        enrollment.completed_at = timezone.now()
        enrollment.save(update_fields=["status", "completed_at"])
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
