"""Writes of the quizzes part: starting an attempt and submitting it once, marked on the server."""

import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import marking
from assessments.blocks.quizzes import SHORT_ANSWER_MAX_LENGTH
from assessments.models import QuizAttempt, QuizPage
from assessments.selectors.quizzes import limit_problem, quiz_questions, window_problem
from base.search import normalise
from base.validators import text_problem
from courses.models import Enrollment


class QuizError(Exception):
    """A quiz start or submission was refused, nothing kept; the message is shown as it is.

    `code` lets a view tell a repeated submission (show the result) from other refusals.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _answer_message(problem: marking.AnswerProblem, number: int | None) -> str:
    messages = {
        "unanswered": _("答えていない問いがあります。すべての問いに答えてから提出してください。"),
        "unknown_question": _(
            "この小テストにない問いへの回答が含まれています。ページを開き直してください。"
        ),
        "unknown_choice": _("選択肢が正しくありません。ページを開き直して選び直してください。"),
        "unknown_item": _("並べ替えの項目が正しくありません。ページを開き直してください。"),
        "missing_item": _("並べ替えの項目が足りません。ページを開き直してください。"),
        "bad_position": _("並べ替えの順番は、1から項目の数までの番号で選んでください。"),
        "duplicate_position": _(
            "並べ替えで同じ順番が重複しています。それぞれ違う番号にしてください。"
        ),
        "too_long": _("答えは%(limit)s文字以内で書いてください。")
        % {"limit": SHORT_ANSWER_MAX_LENGTH},
        "bad_text": _("答えの形式が正しくありません。"),
    }
    message = messages.get(problem.code, messages["bad_text"])
    if number is not None:
        return _("問%(number)s: %(message)s") % {"number": number, "message": message}
    return message


@transaction.atomic
def quiz_attempt_start(
    *, quiz: QuizPage, enrollment: Enrollment, now: datetime | None = None
) -> QuizAttempt:
    """Begin an attempt, or return the one already open; refused outside the window or past the limit."""
    now = now or timezone.now()
    # The enrollment's row lock queues a double click's two starts behind each other.
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    attempts = QuizAttempt.objects.filter(quiz=quiz, enrollment=enrollment)
    open_attempt = attempts.filter(submitted_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    if not quiz.questions:
        raise QuizError("empty", _("この小テストにはまだ問いがありません。"))
    problem = window_problem(quiz, now)
    if problem:
        raise QuizError("window", problem)
    used = attempts.count()
    problem = limit_problem(quiz, used)
    if problem:
        raise QuizError("limit", problem)
    try:
        with transaction.atomic():
            return QuizAttempt.objects.create(
                quiz=quiz,
                enrollment=enrollment,
                number=used + 1,
                shuffle_seed=secrets.token_hex(8),
            )
    except IntegrityError:
        # Another request opened it between our read and write; that one is the attempt.
        return attempts.get(submitted_at__isnull=True)


def _check_text(answers: dict, questions: Sequence[marking.Question]) -> None:
    for number, question in enumerate(questions, start=1):
        answer = answers.get(question.key)
        if isinstance(answer, str):
            problem = text_problem(answer)
            if problem:
                raise QuizError(
                    "answers",
                    _("問%(number)s: %(message)s") % {"number": number, "message": problem},
                )


def quiz_attempt_submit(
    *,
    attempt: QuizAttempt,
    form: Mapping[str, Sequence[str]],
    now: datetime | None = None,
) -> QuizAttempt:
    """Mark and close an open attempt from the submitted form; a second submission is refused.

    `form` maps field names to their lists of values, as request.POST.lists() gives them.
    `attempt` is read with its quiz in this request (own_attempt); the marking runs
    before the transaction, so the write lock is held only for the write and the
    completion decision. Returns `attempt`, marked.
    """
    now = now or timezone.now()
    if attempt.submitted_at is not None:
        raise QuizError("submitted", _submitted_message())
    quiz = attempt.quiz
    problem = window_problem(quiz, now)
    if problem:
        raise QuizError("window", problem)
    # An editor may lower the limit while an attempt is open: past it, the attempt cannot count.
    problem = limit_problem(quiz, attempt.number - 1)
    if problem:
        raise QuizError("limit", problem)
    questions = quiz_questions(quiz)
    if not questions:
        raise QuizError("empty", _("この小テストにはまだ問いがありません。"))
    try:
        answers = marking.read_answers(questions, form, max_text=SHORT_ANSWER_MAX_LENGTH)
    except marking.AnswerProblem as exc:
        numbers = {question.key: index for index, question in enumerate(questions, start=1)}
        raise QuizError("answers", _answer_message(exc, numbers.get(exc.key))) from exc
    _check_text(answers, questions)
    result = marking.mark(questions, answers, normalise)
    marked = {
        "answers": answers,
        "marks": {
            key: {"earned": mark.earned, "points": mark.points, "correct": mark.correct}
            for key, mark in result.marks.items()
        },
        "score": result.score,
        "max_score": result.max_score,
        "passed": marking.has_passed(result.score, result.max_score, quiz.pass_percent),
        "submitted_at": now,
    }
    from assessments.services.completion import completion_refresh

    with transaction.atomic():
        # The attempt's own row lock, taken by this UPDATE, is what makes a double click one
        # submission: the second waits for the first to commit, then matches no open row.
        # No SELECT ... FOR UPDATE of the attempt first: joined to its quiz it locked the
        # quiz page too, and queued every trainee's submission behind one another.
        kept = QuizAttempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(**marked)
        if not kept:
            raise QuizError("submitted", _submitted_message())
        for name, value in marked.items():
            setattr(attempt, name, value)
        # Takes the enrollment's row lock, the one every completion event queues on.
        completion_refresh(enrollment=attempt.enrollment)
    return attempt


def _submitted_message() -> str:
    return _("この回答はすでに提出されています。結果を表示します。")
