"""Quizzes for the quiz tests: a page under a program, and the forms a trainee would send."""

import itertools

from assessments.marking import ANSWER_PREFIX, ORDER_PREFIX, SEPARATOR, Kind
from assessments.models import QuizPage
from assessments.selectors.quizzes import quiz_questions

_numbers = itertools.count(1)

ORDER = ("把握・アウトリーチ", "アセスメント", "プラン策定", "支援調整会議")


def questions_body() -> list:
    return [
        (
            "single",
            {
                "prompt": "プラン案を合議で判断する場はどれですか。",
                "choices": [
                    {"text": "支援調整会議", "correct": True},
                    {"text": "インテーク面接", "correct": False},
                    {"text": "家計相談", "correct": False},
                ],
                "points": 2,
                "feedback": "支援調整会議の解説",
            },
        ),
        (
            "multiple",
            {
                "prompt": "自立相談支援事業の役割をすべて選んでください。",
                "choices": [
                    {"text": "個人への相談支援", "correct": True},
                    {"text": "地域づくり", "correct": True},
                    {"text": "生活保護の決定", "correct": False},
                ],
                "points": 2,
                "feedback": "役割の解説",
            },
        ),
        (
            "true_false",
            {
                "prompt": "支援調整会議には原則として行政も参加する。",
                "answer": "true",
                "points": 1,
                "feedback": "行政参加の解説",
            },
        ),
        (
            "short",
            {
                "prompt": "背景・要因を分析することを何といいますか。",
                "accepted": ["アセスメント"],
                "points": 1,
                "feedback": "アセスメントの解説",
            },
        ),
        (
            "ordering",
            {
                "prompt": "支援の流れを順に並べてください。",
                "items": list(ORDER),
                "points": 4,
                "feedback": "流れの解説",
            },
        ),
    ]


def make_quiz(program, **fields) -> QuizPage:
    """A live quiz of five questions (10 points) under the program; ids as stored."""
    number = next(_numbers)
    quiz = QuizPage(
        title=fields.pop("title", f"小テスト{number}"),
        slug=f"quiz-{number}",
        intro="講義の理解を確かめます。",
        questions=fields.pop("questions") if "questions" in fields else questions_body(),
        **fields,
    )
    program.add_child(instance=quiz)
    quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)


def right_form(quiz: QuizPage) -> dict[str, list[str]]:
    """The form a trainee who knows every answer would send."""
    form: dict[str, list[str]] = {}
    for question in quiz_questions(quiz):
        if question.kind == Kind.ORDERING:
            for position, item in enumerate(question.option_ids(), start=1):
                form[f"{ORDER_PREFIX}{question.key}{SEPARATOR}{item}"] = [str(position)]
        elif question.kind == Kind.SHORT:
            form[ANSWER_PREFIX + question.key] = [" ｱｾｽﾒﾝﾄ "]
        else:
            form[ANSWER_PREFIX + question.key] = [o.id for o in question.options if o.correct]
    return form


def wrong_form(quiz: QuizPage) -> dict[str, list[str]]:
    """A complete form with every answer wrong."""
    form: dict[str, list[str]] = {}
    for question in quiz_questions(quiz):
        if question.kind == Kind.ORDERING:
            ids = list(reversed(question.option_ids()))
            for position, item in enumerate(ids, start=1):
                form[f"{ORDER_PREFIX}{question.key}{SEPARATOR}{item}"] = [str(position)]
        elif question.kind == Kind.SHORT:
            form[ANSWER_PREFIX + question.key] = ["プラン"]
        else:
            form[ANSWER_PREFIX + question.key] = [
                next(o.id for o in question.options if not o.correct)
            ]
    return form


def question_of(quiz: QuizPage, kind: Kind):
    return next(q for q in quiz_questions(quiz) if q.kind == kind)
