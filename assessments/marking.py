"""Marking a quiz attempt: pure functions over plain data, so the rules are read and tested alone.

Nothing here touches Django. The questions come in as `Question` values built from the
page's blocks (assessments/selectors/quizzes.py), the answers as the submitted form's
lists of values, and refusals go out as `AnswerProblem` codes the service words in Japanese.
"""

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """The question types, named as the quiz StreamField names its blocks."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    SHORT = "short"
    ORDERING = "ordering"


CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE})
#: Form field names: `q__<question key>` for an answer, `o__<question key>__<item id>` for a position.
ANSWER_PREFIX = "q__"
ORDER_PREFIX = "o__"
SEPARATOR = "__"


@dataclass(frozen=True)
class Option:
    """A choice, or an item to put in order; `id` is stable across edits of its text."""

    id: str
    text: str
    correct: bool = False


@dataclass(frozen=True)
class Question:
    """One question as marking sees it. `options` of an ordering question are in the right order."""

    key: str
    kind: Kind
    prompt: str
    points: int
    feedback: str = ""
    options: tuple[Option, ...] = ()
    accepted: tuple[str, ...] = ()

    def option_ids(self) -> list[str]:
        return [option.id for option in self.options]


class AnswerProblem(Exception):
    """The submitted answers cannot be marked; `code` says why, `key` names the question."""

    def __init__(self, code: str, key: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.key = key


@dataclass(frozen=True)
class Mark:
    """What one answer earned."""

    key: str
    earned: int
    points: int
    correct: bool


@dataclass(frozen=True)
class Result:
    """An attempt's marks, its score and the most it could score."""

    marks: dict[str, Mark] = field(default_factory=dict)

    @property
    def score(self) -> int:
        return sum(mark.earned for mark in self.marks.values())

    @property
    def max_score(self) -> int:
        return sum(mark.points for mark in self.marks.values())


def shuffled(ids: Sequence[str], seed: str) -> list[str]:
    """The ids in an order fixed by the seed, and never the given (right) order when it can differ."""
    order = list(ids)
    random.Random(seed).shuffle(order)
    if len(order) > 1 and order == list(ids):
        order = order[1:] + order[:1]
    return order


def read_answers(
    questions: Sequence[Question], form: Mapping[str, Sequence[str]], *, max_text: int
) -> dict[str, list[str] | str]:
    """The answers in a submitted form, checked against the questions; raises AnswerProblem.

    Every question must be answered. A field naming a question this quiz does not ask,
    a choice or item id it does not offer, or positions that are not 1..n each once,
    is refused as a whole: nothing is marked from a form that was tampered with.
    """
    by_key = {question.key: question for question in questions}
    positions: dict[str, dict[str, str]] = {}
    for name, values in form.items():
        if name.startswith(ANSWER_PREFIX):
            key = name.removeprefix(ANSWER_PREFIX)
            if key not in by_key or by_key[key].kind == Kind.ORDERING:
                raise AnswerProblem("unknown_question", key)
        elif name.startswith(ORDER_PREFIX):
            key, _sep, item = name.removeprefix(ORDER_PREFIX).partition(SEPARATOR)
            question = by_key.get(key)
            if question is None or question.kind != Kind.ORDERING:
                raise AnswerProblem("unknown_question", key)
            if item not in question.option_ids():
                raise AnswerProblem("unknown_item", key)
            if len(values) != 1:
                raise AnswerProblem("bad_position", key)
            positions.setdefault(key, {})[item] = values[0]
    answers: dict[str, list[str] | str] = {}
    for question in questions:
        if question.kind == Kind.ORDERING:
            answers[question.key] = _read_order(question, positions.get(question.key, {}))
        else:
            values = list(form.get(ANSWER_PREFIX + question.key, []))
            answers[question.key] = _read_one(question, values, max_text=max_text)
    return answers


def _read_one(question: Question, values: list[str], *, max_text: int) -> list[str] | str:
    if question.kind == Kind.SHORT:
        if len(values) > 1:
            raise AnswerProblem("bad_text", question.key)
        text = " ".join((values[0] if values else "").split())
        if not text:
            raise AnswerProblem("unanswered", question.key)
        if len(text) > max_text:
            raise AnswerProblem("too_long", question.key)
        return text
    if not values or not all(values):
        raise AnswerProblem("unanswered", question.key)
    offered = set(question.option_ids())
    if any(value not in offered for value in values) or len(set(values)) != len(values):
        raise AnswerProblem("unknown_choice", question.key)
    if question.kind != Kind.MULTIPLE and len(values) != 1:
        raise AnswerProblem("unknown_choice", question.key)
    return sorted(values)


def _read_order(question: Question, positions: dict[str, str]) -> list[str]:
    ids = question.option_ids()
    if set(positions) != set(ids):
        raise AnswerProblem("unanswered" if not positions else "missing_item", question.key)
    numbers = {}
    for item, value in positions.items():
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= len(ids):
            raise AnswerProblem("bad_position", question.key)
        numbers[item] = int(value)
    if len(set(numbers.values())) != len(ids):
        raise AnswerProblem("duplicate_position", question.key)
    return sorted(ids, key=numbers.__getitem__)


def is_correct(question: Question, answer: list[str] | str, fold: Callable[[str], str]) -> bool:
    """Whether one checked answer is right: the exact set, the exact order, or an accepted phrase."""
    if question.kind == Kind.SHORT:
        return fold(str(answer)) in {fold(text) for text in question.accepted if fold(text)}
    if question.kind == Kind.ORDERING:
        return list(answer) == question.option_ids()
    right = sorted(option.id for option in question.options if option.correct)
    return sorted(answer) == right


def mark(
    questions: Sequence[Question],
    answers: Mapping[str, list[str] | str],
    fold: Callable[[str], str],
) -> Result:
    """Mark every question: full points for a right answer, none otherwise."""
    marks = {}
    for question in questions:
        correct = is_correct(question, answers[question.key], fold)
        marks[question.key] = Mark(
            key=question.key,
            earned=question.points if correct else 0,
            points=question.points,
            correct=correct,
        )
    return Result(marks)


def has_passed(score: int, max_score: int, pass_percent: int) -> bool:
    """Passed when the score reaches the pass mark, a percentage of the most it could score."""
    return max_score > 0 and score * 100 >= pass_percent * max_score
