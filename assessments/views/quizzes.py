"""Views of the quizzes part: the quiz page, start and submit, the result, and a cohort's results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from assessments.blocks.quizzes import SHORT_ANSWER_MAX_LENGTH
from assessments.marking import ANSWER_PREFIX, ORDER_PREFIX, SEPARATOR, Kind
from assessments.models import QuizPage
from assessments.selectors import quizzes as selectors
from assessments.services import quizzes as services

POST_RATE = "60/m"


def _private(response):
    """Answers and marks are one person's: never kept by a browser's or a proxy's cache."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _given_from_form(questions, form: dict[str, list[str]]) -> dict:
    """What the trainee had chosen, to redraw a refused form as they sent it."""
    given = {}
    for question in questions:
        if question.kind == Kind.ORDERING:
            positions = {}
            for item in question.option_ids():
                value = (form.get(f"{ORDER_PREFIX}{question.key}{SEPARATOR}{item}") or [""])[0]
                positions[item] = int(value) if value.isascii() and value.isdigit() else 0
            if sorted(positions.values()) == list(range(1, len(positions) + 1)):
                given[question.key] = sorted(positions, key=positions.__getitem__)
        elif question.kind == Kind.SHORT:
            values = form.get(ANSWER_PREFIX + question.key) or [""]
            given[question.key] = values[0][:SHORT_ANSWER_MAX_LENGTH]
        else:
            given[question.key] = list(form.get(ANSWER_PREFIX + question.key) or [])
    return given


def _views(questions, *, seed: str, given: dict, marks: dict | None = None, reveal: bool = False):
    return [
        selectors.question_view(
            question,
            number=number,
            seed=seed,
            given=given.get(question.key),
            mark=(marks or {}).get(question.key) if marks is not None else None,
            reveal=reveal,
        )
        for number, question in enumerate(questions, start=1)
    ]


def quiz_preview_context(request, quiz: QuizPage) -> dict:
    """What the CMS preview shows: the questions as trainees will see them, never able to submit."""
    return {
        "page": quiz,
        "self": quiz,
        "program": selectors.quiz_program(quiz),
        "max_length": SHORT_ANSWER_MAX_LENGTH,
        "preview": True,
        "questions": _views(selectors.quiz_questions(quiz), seed="preview", given={}),
    }


def quiz_serve(request, quiz: QuizPage, *, form: dict | None = None, error: str = ""):
    """The quiz page: its questions to an enrolled trainee, links to results for staff, 404 to others.

    `form` and `error` redraw the open attempt as the trainee sent it, refused.
    """
    program = selectors.quiz_program(quiz)
    questions = selectors.quiz_questions(quiz)
    context = {
        "page": quiz,
        "self": quiz,
        "program": program,
        "max_length": SHORT_ANSWER_MAX_LENGTH,
    }
    enrollment = selectors.quiz_enrollment(request.user, quiz, program.pk)
    if enrollment is None:
        cohorts = list(selectors.cohorts_of_quiz_watched_by(request.user, quiz))
        if not cohorts:
            raise Http404
        context["watched_cohorts"] = cohorts
        return _private(TemplateResponse(request, "assessments/quiz_page.html", context))
    attempts = selectors.attempts_of(enrollment, quiz)
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    now = timezone.now()
    context.update(
        {
            "enrollment": enrollment,
            "attempts": [a for a in attempts if a.submitted_at is not None],
            "open_attempt": open_attempt,
            "question_count": len(questions),
            "error": error,
            "window_problem": selectors.window_problem(quiz, now),
            "start_problem": (
                selectors.window_problem(quiz, now) or selectors.limit_problem(quiz, len(attempts))
            ),
        }
    )
    if open_attempt is not None:
        given = _given_from_form(questions, form) if form is not None else {}
        context["questions"] = _views(questions, seed=open_attempt.shuffle_seed, given=given)
    status = 400 if error else 200
    return _private(TemplateResponse(request, "assessments/quiz_page.html", context, status=status))


def _live_quiz(quiz_id: int) -> QuizPage:
    return get_object_or_404(QuizPage.objects.live(), pk=quiz_id)


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_POST
def quiz_start(request, quiz_id: int):
    """受験を始める: open an attempt for the trainee's enrollment and show its questions."""
    quiz = _live_quiz(quiz_id)
    enrollment = selectors.quiz_enrollment(request.user, quiz)
    if enrollment is None:
        raise Http404
    try:
        services.quiz_attempt_start(quiz=quiz, enrollment=enrollment)
    except services.QuizError as exc:
        messages.error(request, str(exc))
        return redirect(quiz.url)
    return redirect(f"{quiz.url}#quiz-questions")


def _see_other(to, **kwargs):
    """Redirect a POST to the page to read next: 303 tells the browser to GET it, 302 only implies it."""
    response = redirect(to, **kwargs)
    response.status_code = 303
    return response


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_POST
def quiz_submit(request, attempt_id: int):
    """提出する: mark the open attempt once; a repeated submission shows the result already kept."""
    attempt = selectors.own_attempt(request.user, attempt_id)
    if attempt is None or not attempt.quiz.live:
        raise Http404
    quiz = attempt.quiz
    form = {name: values for name, values in request.POST.lists()}
    try:
        services.quiz_attempt_submit(attempt=attempt, form=form)
    except services.QuizError as exc:
        if exc.code == "submitted":
            messages.info(request, str(exc))
            return _see_other("assessments:quiz_attempt", attempt_id=attempt.pk)
        if exc.code in ("window", "limit", "empty"):
            messages.error(request, str(exc))
            return _see_other(quiz.url)
        return quiz_serve(request, quiz, form=form, error=str(exc))
    messages.success(request, _("提出しました。採点結果を表示します。"))
    return _see_other("assessments:quiz_attempt", attempt_id=attempt.pk)


@login_required
def quiz_attempt(request, attempt_id: int):
    """採点結果: the mark, passed or not, and the review the quiz's setting allows."""
    attempt = selectors.attempt_visible_to(request.user, attempt_id)
    if attempt is None:
        raise Http404
    quiz = attempt.quiz
    own = attempt.enrollment.trainee_id == request.user.pk
    if attempt.submitted_at is None and own:
        return redirect(quiz.url)
    questions = selectors.quiz_questions(quiz)
    # Staff read every answer with its key; the trainee as the review setting says.
    reveal = not own or selectors.review_open(quiz)
    context = {
        "attempt": attempt,
        "quiz": quiz,
        "own": own,
        "reveal": reveal,
        "percent": round(100 * attempt.score / attempt.max_score) if attempt.max_score else 0,
        "questions": _views(
            questions,
            seed=attempt.shuffle_seed,
            given=attempt.answers,
            marks=attempt.marks,
            reveal=reveal,
        )
        if reveal and attempt.submitted_at
        else [],
        "attempts": [
            a for a in selectors.attempts_of(attempt.enrollment, quiz) if a.submitted_at is not None
        ]
        if own
        else [],
        "results_url": None
        if own
        else reverse(
            "assessments:quiz_cohort_results",
            kwargs={"quiz_id": quiz.pk, "cohort_id": attempt.enrollment.cohort_id},
        ),
    }
    return _private(TemplateResponse(request, "assessments/quiz_attempt.html", context))


@login_required
def quiz_cohort_results(request, quiz_id: int, cohort_id: int):
    """A cohort's results on one quiz, for its facilitators and the prefecture's administrators."""
    quiz = _live_quiz(quiz_id)
    cohort = get_object_or_404(
        selectors.cohorts_of_quiz_watched_by(request.user, quiz), pk=cohort_id
    )
    context = {"quiz": quiz, "cohort": cohort, "rows": selectors.cohort_results(quiz, cohort)}
    return _private(TemplateResponse(request, "assessments/quiz_cohort_results.html", context))


urlpatterns = [
    path("quizzes/<id:quiz_id>/start/", quiz_start, name="quiz_start"),
    path("quizzes/attempts/<id:attempt_id>/", quiz_attempt, name="quiz_attempt"),
    path("quizzes/attempts/<id:attempt_id>/submit/", quiz_submit, name="quiz_submit"),
    path(
        "quizzes/<id:quiz_id>/cohorts/<id:cohort_id>/",
        quiz_cohort_results,
        name="quiz_cohort_results",
    ),
]
