"""Reads about programs, lessons and progress that several views share."""

from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import groupby

from django.db.models import Count, Q
from wagtail.models import Page

from accounts import scoping
from accounts.models import Role
from courses.models import (
    Cohort,
    Enrollment,
    LessonPage,
    LessonProgress,
    ProgramPage,
    ReflectionAnswer,
)
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


@cache
def _unwithdrawn_enrollments():
    """Enrollments not withdrawn, newest cohort first; built once, only ever filtered (cloned)."""
    return (
        Enrollment.objects.exclude(status=Enrollment.Status.WITHDRAWN)
        .select_related("cohort")
        .order_by("-cohort__fiscal_year", "-cohort__starts_on")
    )


def active_enrollment(user, program_id: int) -> Enrollment | None:
    """The user's current enrollment in a program: an active one first, then a completed one."""
    if not getattr(user, "is_authenticated", False):
        return None
    # Every lesson view asks; the prebuilt queryset saves building the exclusion and ordering.
    enrollments = _unwithdrawn_enrollments().filter(trainee=user, cohort__program_id=program_id)
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
    def lessons_done(self) -> bool:
        """Every lesson of the program is done (a program without lessons never is)."""
        return bool(self.lessons) and self.next_lesson is None

    @property
    def finished(self) -> bool:
        """修了した研修: the enrollment is recorded complete (the program's completion rule decides)."""
        return self.enrollment.status == Enrollment.Status.COMPLETED

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


@dataclass(frozen=True)
class ReflectionQuestion:
    """One 振り返りの問い of a lesson, numbered through the lesson, with its stable key."""

    key: str
    number: int
    text: str


def reflection_questions(lesson: LessonPage) -> list[ReflectionQuestion]:
    """The lesson's reflection questions in body order (reads the loaded body, no query)."""
    questions = []
    for block_number, block in enumerate(lesson.body, start=1):
        if block.block_type != "questions":
            continue
        for item_number, item in enumerate(block.value["items"].bound_blocks, start=1):
            # Items stored before Wagtail kept list ids get a key from their place instead.
            key = item.original_id or f"q{block_number}-{item_number}"
            questions.append(
                ReflectionQuestion(key=key, number=len(questions) + 1, text=item.value)
            )
    return questions


def reflection_answers(enrollment: Enrollment, lesson: LessonPage) -> dict[str, str]:
    """The enrollment's kept answers to one lesson, by question key."""
    return dict(enrollment.reflections.filter(lesson=lesson).values_list("question_key", "text"))


def reflections_done(enrollment: Enrollment, lesson: LessonPage) -> bool:
    """Every reflection question the lesson asks now has a kept answer (none asked: done)."""
    keys = {question.key for question in reflection_questions(lesson)}
    return keys <= set(reflection_answers(enrollment, lesson))


def lessons_awaiting_reflection(progress: ProgramProgress) -> list[LessonPage]:
    """Lessons of a program whose reflection questions the trainee has not all answered (2 queries)."""
    ids = [lesson.pk for lesson in progress.lessons]
    bodies = LessonPage.objects.filter(pk__in=ids).only(*LESSON_LIST_FIELDS, "body")
    answered: dict[int, set[str]] = {}
    for lesson_id, key in progress.enrollment.reflections.values_list("lesson_id", "question_key"):
        answered.setdefault(lesson_id, set()).add(key)
    awaiting = [
        lesson
        for lesson in bodies.order_by("path")
        if {q.key for q in reflection_questions(lesson)} - answered.get(lesson.pk, set())
    ]
    return awaiting


def cohorts_with_roster_for(user, limit: int = 20) -> list[Cohort]:
    """Cohorts whose roster the person may open: those they facilitate, their prefectures' (admins)."""
    if not getattr(user, "is_authenticated", False):
        return []
    admin_prefectures = scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
    return list(
        Cohort.objects.filter(Q(facilitators=user) | Q(prefecture__in=admin_prefectures))
        .distinct()
        .select_related("program", "prefecture")
        .order_by("-fiscal_year", "-starts_on")[:limit]
    )


@dataclass
class LessonReflections:
    """One trainee's kept answers to one lesson, for the cohort roster."""

    lesson_title: str
    answers: list[dict]


def cohort_reflections(cohort: Cohort, user) -> dict[int, list[LessonReflections]]:
    """The cohort's kept reflection answers by enrollment id, lessons in program order (1 query).

    Read through the prefecture scope of the facilitator or administrator asking.
    """
    rows = (
        ReflectionAnswer.objects.for_user(user, roles=[Role.FACILITATOR, Role.PREFECTURE_ADMIN])
        .filter(enrollment__cohort=cohort)
        .order_by("enrollment_id", "lesson__path", "position")
        .values("enrollment_id", "lesson_id", "lesson__title", "question", "text", "updated_at")
    )
    by_enrollment: dict[int, list[LessonReflections]] = {}
    for (enrollment_id, _lesson_id), answers in groupby(
        rows, key=lambda row: (row["enrollment_id"], row["lesson_id"])
    ):
        answers = list(answers)
        by_enrollment.setdefault(enrollment_id, []).append(
            LessonReflections(lesson_title=answers[0]["lesson__title"], answers=answers)
        )
    return by_enrollment


@dataclass
class FinishedProgram:
    """修了した研修 on マイページ: the progress, and what the trainee still has to do or may do."""

    progress: ProgramProgress
    awaiting_reflection: list[LessonPage]


def mypage_courses(user) -> dict | None:
    """マイページ's course section: programs under way, finished ones, rosters the person may open."""
    progress = trainee_progress(user)
    rosters = cohorts_with_roster_for(user)
    if not progress and not rosters:
        return None
    return {
        "programs": [item for item in progress if not item.finished],
        "finished": [
            FinishedProgram(progress=item, awaiting_reflection=lessons_awaiting_reflection(item))
            for item in progress
            if item.finished
        ],
        "rosters": rosters,
    }


def completed_lessons_by_enrollment(enrollment_ids) -> dict[int, set[int]]:
    """For each enrollment id, the ids of the lessons it has completed (one query)."""
    done: dict[int, set[int]] = {pk: set() for pk in enrollment_ids}
    rows = LessonProgress.objects.filter(
        enrollment_id__in=list(done), completed_at__isnull=False
    ).values_list("enrollment_id", "lesson_id")
    for enrollment_id, lesson_id in rows:
        done[enrollment_id].add(lesson_id)
    return done


def reflection_keys_by_lesson(lesson_ids) -> dict[int, set[str]]:
    """For each lesson id, the keys of the 振り返りの問い its live body asks (one query)."""
    bodies = LessonPage.objects.filter(pk__in=list(lesson_ids)).only("id", "body")
    return {lesson.pk: {q.key for q in reflection_questions(lesson)} for lesson in bodies}


def reflection_keys_answered(enrollment_ids) -> dict[int, dict[int, set[str]]]:
    """For each enrollment id, the question keys it has kept answers to, by lesson id (one query)."""
    answered: dict[int, dict[int, set[str]]] = {pk: {} for pk in enrollment_ids}
    rows = ReflectionAnswer.objects.filter(enrollment_id__in=list(answered)).values_list(
        "enrollment_id", "lesson_id", "question_key"
    )
    for enrollment_id, lesson_id, key in rows:
        answered[enrollment_id].setdefault(lesson_id, set()).add(key)
    return answered
