"""Reads about programs, lessons and progress that several views share."""

from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Q
from wagtail.models import Page

from courses.models import Cohort, Enrollment, LessonPage, LessonProgress, ProgramPage
from courses.permissions import READING_STATUSES, can_read_program

LESSON_LIST_FIELDS = (
    "id",
    "title",
    "slug",
    "url_path",
    "path",
    "depth",
    "module",
    "estimated_minutes",
)


def program_lessons(program: ProgramPage) -> list[LessonPage]:
    """A program's live lessons in the order the editor arranged them (one query)."""
    return list(
        LessonPage.objects.child_of(program).live().order_by("path").only(*LESSON_LIST_FIELDS)
    )


def active_enrollment(user, program_id: int) -> Enrollment | None:
    """The user's current enrollment in a program: an active one first, then a completed one."""
    if not getattr(user, "is_authenticated", False):
        return None
    enrollments = (
        Enrollment.objects.filter(trainee=user, cohort__program_id=program_id)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .select_related("cohort")
        .order_by("-cohort__fiscal_year", "-cohort__starts_on")
    )
    ranked = sorted(enrollments, key=lambda e: list(Enrollment.Status.values).index(e.status))
    preferred = [e for e in ranked if e.status in READING_STATUSES]
    return (preferred or ranked or [None])[0]


def progress_by_lesson(enrollment: Enrollment) -> dict[int, LessonProgress]:
    """The enrollment's progress rows by lesson id (one query)."""
    return {row.lesson_id: row for row in enrollment.progress.all()}


def completed_lesson_ids(enrollment: Enrollment | None) -> set[int]:
    """Lessons the enrollment has completed."""
    if enrollment is None:
        return set()
    return set(
        enrollment.progress.filter(completed_at__isnull=False).values_list("lesson_id", flat=True)
    )


@dataclass
class ProgramProgress:
    """How far one enrollment is through its program, for マイページ and the program page."""

    enrollment: Enrollment
    program: ProgramPage
    lessons: list[LessonPage]
    done_ids: set[int]
    positions: dict[int, str]

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.pk in self.done_ids)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def next_lesson(self) -> LessonPage | None:
        """The first lesson in program order that is not yet done."""
        return next((lesson for lesson in self.lessons if lesson.pk not in self.done_ids), None)

    @property
    def resume_url(self) -> str | None:
        """続きから: the next lesson, at the place the trainee stopped reading it."""
        lesson = self.next_lesson
        if lesson is None:
            return None
        position = self.positions.get(lesson.pk)
        return lesson.url + (f"#{position}" if position else "")


def trainee_progress(user) -> list[ProgramProgress]:
    """Every program the person is enrolled in, with progress (a fixed number of queries)."""
    enrollments = list(
        Enrollment.objects.filter(trainee=user)
        .exclude(status=Enrollment.Status.WITHDRAWN)
        .select_related("cohort", "cohort__program", "cohort__prefecture")
        .order_by("cohort__starts_on")
    )
    if not enrollments:
        return []
    programs = {e.cohort.program_id: e.cohort.program for e in enrollments}
    lesson_filter = Q()
    for program in programs.values():
        lesson_filter |= Q(path__startswith=program.path, depth=program.depth + 1)
    lessons = LessonPage.objects.live().filter(lesson_filter).order_by("path")
    by_program: dict[int, list[LessonPage]] = {pid: [] for pid in programs}
    for lesson in lessons.only(*LESSON_LIST_FIELDS):
        for pid, program in programs.items():
            if lesson.path.startswith(program.path):
                by_program[pid].append(lesson)
    progress_rows = LessonProgress.objects.filter(enrollment__in=enrollments).values_list(
        "enrollment_id", "lesson_id", "completed_at", "last_position"
    )
    done: dict[int, set[int]] = {e.pk: set() for e in enrollments}
    positions: dict[int, dict[int, str]] = {e.pk: {} for e in enrollments}
    for enrollment_id, lesson_id, completed_at, position in progress_rows:
        if completed_at:
            done[enrollment_id].add(lesson_id)
        if position:
            positions[enrollment_id][lesson_id] = position
    return [
        ProgramProgress(
            enrollment=e,
            program=e.cohort.program,
            lessons=by_program[e.cohort.program_id],
            done_ids=done[e.pk],
            positions=positions[e.pk],
        )
        for e in enrollments
    ]


def lessons_by_module(lessons: list[LessonPage]) -> list[tuple[str, list[LessonPage]]]:
    """Consecutive lessons grouped under their 日程・単元 label, for tables of contents."""
    return [
        (module, list(group))
        for module, group in groupby(lessons, key=lambda lesson: lesson.module)
    ]


def programs_for_catalogue(index_page) -> list[ProgramPage]:
    """The catalogue: live programs with their audience and lesson counts."""
    programs = list(
        ProgramPage.objects.child_of(index_page)
        .live()
        .order_by("path")
        .prefetch_related("audience")
    )
    lesson_paths = (
        LessonPage.objects.live()
        .filter(depth=index_page.depth + 2, path__startswith=index_page.path)
        .values_list("path", flat=True)
    )
    prefix_length = len(index_page.path) + Page.steplen
    counts = Counter(path[:prefix_length] for path in lesson_paths)
    for program in programs:
        program.lesson_count = counts.get(program.path, 0)
    return programs


def program_overview(program: ProgramPage, user) -> dict:
    """What a program page shows: lessons by module, and the reader's own progress if enrolled."""
    lessons = program_lessons(program)
    enrollment = active_enrollment(user, program.pk)
    progress = None
    if enrollment is not None:
        progress = next(
            (p for p in trainee_progress(user) if p.enrollment.pk == enrollment.pk), None
        )
    return {
        "lessons": lessons,
        "modules": lessons_by_module(lessons),
        "enrollment": enrollment,
        "progress": progress,
        "can_read": can_read_program(user, program.pk),
        "total_minutes": sum(lesson.estimated_minutes for lesson in lessons),
    }


def cohort_roster(cohort: Cohort) -> list[Enrollment]:
    """A cohort's trainees with how many lessons each has completed."""
    return list(
        cohort.enrollments.select_related("trainee")
        .annotate(done=Count("progress", filter=Q(progress__completed_at__isnull=False)))
        .order_by("trainee__furigana", "trainee__email")
    )
