"""Lesson pages, progress actions and cohort pages."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts.models import Role
from courses import page_cache, permissions, program_cache, selectors, services
from courses.models import Enrollment, LessonPage, ProgramPage

POSITION_PATTERN = re.compile(r"block-\d{1,4}")
POST_RATE = "60/m"
#: Each reflection textarea is named after its question's key.
ANSWER_PREFIX = "answer-"


def lesson_context(request, lesson: LessonPage) -> dict:
    """What a lesson page shows about its program: breadcrumb, contents, pager and position."""
    contents = program_cache.program_contents(request, lesson)
    lessons, modules = contents.lessons, contents.modules
    if getattr(request, "is_preview", False):
        # A previewed draft, or a lesson not saved yet, stands in its place among the live ones.
        others = [item for item in lessons if lesson.pk is None or item.pk != lesson.pk]
        lessons = sorted([*others, lesson], key=lambda item: item.path)
        modules = selectors.lessons_by_module(lessons)
    index = next((i for i, item in enumerate(lessons) if item is lesson or item.pk == lesson.pk), 0)
    return {
        "page": lesson,
        "self": lesson,
        "program": contents.program(),
        "lessons": lessons,
        "modules": modules,
        "previous_lesson": lessons[index - 1] if index > 0 else None,
        "next_lesson": lessons[index + 1] if index + 1 < len(lessons) else None,
        "position": index + 1,
        "enrollment": None,
        "progress": None,
        "done_ids": set(),
    }


def _reflection_form(
    questions: tuple[selectors.ReflectionQuestion, ...], values: dict[str, str], error: str = ""
) -> dict:
    """The answer form under the questions: each question with the text its textarea holds."""
    return {
        "fields": [
            {"question": question, "value": values.get(question.key, "")} for question in questions
        ],
        "error": error,
        "max_length": services.REFLECTION_MAX_LENGTH,
    }


def lesson_serve(request, lesson: LessonPage, *, submitted: dict | None = None, error: str = ""):
    """Show a lesson: its body to those who may read it, how to enrol to everyone else.

    `submitted` and `error` redraw the reflection form as the trainee sent it, refused.
    """
    context = lesson_context(request, lesson)
    program = context["program"]
    enrollment = selectors.active_enrollment(request.user, program.pk)
    reading = enrollment is not None and enrollment.status in permissions.READING_STATUSES
    context["enrollment"] = enrollment
    if not reading and not permissions.can_read_program(request.user, program.pk):
        return TemplateResponse(request, "courses/lesson_locked.html", context, status=403)
    progress_by_lesson = selectors.progress_by_lesson(enrollment) if reading else {}
    progress = progress_by_lesson.get(lesson.pk)
    if reading and progress is None:
        progress = services.lesson_start(enrollment=enrollment, lesson=lesson)
    done_ids = {pk for pk, row in progress_by_lesson.items() if row.completed_at}
    context.update({"progress": progress, "done_ids": done_ids})
    if not getattr(request, "is_preview", False):
        # A preview's contents hold the draft; a published lesson's are shared (courses/program_cache.py).
        context["toc"] = program_cache.lesson_toc(request, lesson, done_ids)
    if reading:
        questions = program_cache.reflection_questions(request, lesson)
        if submitted is not None:
            values = submitted
        else:
            # A lesson that asks nothing has no answers to read.
            values = selectors.reflection_answers(enrollment, lesson) if questions else {}
        context["reflection"] = _reflection_form(questions, values, error)
    status = 400 if error else 200
    response = TemplateResponse(request, "courses/lesson_page.html", context, status=status)
    if reading and not error:
        page_cache.mark_cacheable(response)
    return response


def _lesson_and_enrollment(request, lesson_id: int):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    program_path = lesson.path[: -LessonPage.steplen]
    program_id = ProgramPage.objects.values_list("pk", flat=True).get(path=program_path)
    enrollment = selectors.active_enrollment(request.user, program_id)
    if enrollment is None or enrollment.status not in permissions.READING_STATUSES:
        raise Http404
    return lesson, enrollment


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_POST
def lesson_complete(request, lesson_id: int):
    """完了にする: mark the lesson done and go on to the next one."""
    lesson, enrollment = _lesson_and_enrollment(request, lesson_id)
    services.lesson_complete(enrollment=enrollment, lesson=lesson)
    enrollment.refresh_from_db()
    lessons = selectors.program_lessons(enrollment.cohort.program)
    later = [item for item in lessons if item.path > lesson.path]
    if enrollment.status == Enrollment.Status.COMPLETED and not later:
        messages.success(request, _("すべての講義を完了しました。お疲れさまでした。"))
        return redirect("accounts:mypage")
    messages.success(request, _("「%(title)s」を完了にしました。") % {"title": lesson.title})
    return redirect(later[0].url if later else "accounts:mypage")


@login_required
@ratelimit(key="user", rate="120/m", method="POST")
@require_POST
def lesson_position(request, lesson_id: int):
    """Remember where the trainee is reading; the page sends this as it is scrolled or left."""
    # The lesson first: a lesson the trainee cannot reach is 404 whatever the body says.
    lesson, enrollment = _lesson_and_enrollment(request, lesson_id)
    position = request.POST.get("position", "")
    if not POSITION_PATTERN.fullmatch(position):
        return JsonResponse({"error": _("読んでいる位置の形式が正しくありません。")}, status=400)
    services.lesson_position_save(enrollment=enrollment, lesson=lesson, position=position)
    return JsonResponse({"saved": position})


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_POST
def lesson_reflections(request, lesson_id: int):
    """振り返りを保存する: keep the trainee's answers to the lesson's questions."""
    lesson, enrollment = _lesson_and_enrollment(request, lesson_id)
    answers = {
        name.removeprefix(ANSWER_PREFIX): request.POST.get(name)
        for name in request.POST
        if name.startswith(ANSWER_PREFIX)
    }
    try:
        services.reflection_save(enrollment=enrollment, lesson=lesson, answers=answers)
    except services.ReflectionError as exc:
        return lesson_serve(request, lesson, submitted=answers, error=str(exc))
    messages.success(request, _("振り返りの回答を保存しました。"))
    return redirect(f"{lesson.url}#reflection-answers")


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_POST
def enrollment_accept(request, enrollment_id: int):
    """An invited trainee starts the course."""
    enrollment = get_object_or_404(
        Enrollment.objects.for_user(request.user, roles=[Role.TRAINEE]),
        pk=enrollment_id,
        trainee=request.user,
    )
    services.enrollment_accept(enrollment=enrollment)
    messages.success(request, _("受講を開始しました。"))
    return redirect("accounts:mypage")


@login_required
def cohort_detail(request, cohort_id: int):
    """A cohort's dates, venue and facilitators; its roster for facilitators and administrators."""
    cohort = get_object_or_404(
        permissions.cohorts_visible_to(request.user).select_related("program", "prefecture"),
        pk=cohort_id,
    )
    context = {
        "cohort": cohort,
        "facilitators": list(cohort.facilitators.all()),
        "roster": None,
        "lesson_total": len(selectors.program_lessons(cohort.program)),
    }
    if permissions.can_see_cohort_roster(request.user, cohort):
        context["roster"] = selectors.cohort_roster(cohort)
        reflections = selectors.cohort_reflections(cohort, request.user)
        context["has_reflections"] = bool(reflections)
        for enrollment in context["roster"]:
            enrollment.reflection_lessons = reflections.get(enrollment.pk, [])
    return TemplateResponse(request, "courses/cohort_detail.html", context)
