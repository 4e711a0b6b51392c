"""assessments/marking.py alone: reading a form, marking it, the pass mark and the shuffle."""

import pytest

from assessments.marking import (
    AnswerProblem,
    Kind,
    Option,
    Question,
    has_passed,
    mark,
    read_answers,
    shuffled,
)
from base.search import normalise

SINGLE = Question("s", Kind.SINGLE, "問", 2, options=(Option("a", "A", True), Option("b", "B")))
MULTIPLE = Question(
    "m",
    Kind.MULTIPLE,
    "問",
    2,
    options=(Option("a", "A", True), Option("b", "B", True), Option("c", "C")),
)
SHORT = Question("t", Kind.SHORT, "問", 1, accepted=("アセスメント", "assessment"))
ORDERING = Question(
    "o",
    Kind.ORDERING,
    "問",
    3,
    options=(Option("1x", "一"), Option("2x", "二"), Option("3x", "三")),
)
QUESTIONS = [SINGLE, MULTIPLE, SHORT, ORDERING]


def _form(**overrides) -> dict[str, list[str]]:
    form = {
        "q__s": ["a"],
        "q__m": ["b", "a"],
        "q__t": ["ｱｾｽﾒﾝﾄ"],
        "o__o__1x": ["1"],
        "o__o__2x": ["2"],
        "o__o__3x": ["3"],
        "csrfmiddlewaretoken": ["x"],
    }
    form.update(overrides)
    return form


def test_a_right_form_scores_full_marks():
    answers = read_answers(QUESTIONS, _form(), max_text=200)
    assert answers == {"s": ["a"], "m": ["a", "b"], "t": "ｱｾｽﾒﾝﾄ", "o": ["1x", "2x", "3x"]}
    result = mark(QUESTIONS, answers, normalise)
    assert (result.score, result.max_score) == (8, 8)
    assert all(m.correct for m in result.marks.values())


def test_partial_answers_earn_nothing_for_that_question():
    form = _form(**{"q__m": ["a"], "o__o__1x": ["2"], "o__o__2x": ["1"], "q__t": ["ASSESSMENT"]})
    result = mark(QUESTIONS, read_answers(QUESTIONS, form, max_text=200), normalise)
    assert {k: m.earned for k, m in result.marks.items()} == {"s": 2, "m": 0, "t": 1, "o": 0}


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"q__s": ["zz"]}, "unknown_choice"),
        ({"q__s": ["a", "b"]}, "unknown_choice"),
        ({"q__m": ["a", "a"]}, "unknown_choice"),
        ({"q__s": [""]}, "unanswered"),
        ({"q__t": ["   "]}, "unanswered"),
        ({"q__t": ["あ" * 201]}, "too_long"),
        ({"q__other": ["a"]}, "unknown_question"),
        ({"q__o": ["1x"]}, "unknown_question"),
        ({"o__s__a": ["1"]}, "unknown_question"),
        ({"o__o__9x": ["1"]}, "unknown_item"),
        ({"o__o__1x": ["1", "2"]}, "bad_position"),
        ({"o__o__1x": ["4"]}, "bad_position"),
        ({"o__o__1x": ["１"]}, "bad_position"),
        ({"o__o__1x": ["2"]}, "duplicate_position"),
    ],
)
def test_a_tampered_or_incomplete_form_is_refused(overrides, code):
    with pytest.raises(AnswerProblem) as refused:
        read_answers(QUESTIONS, _form(**overrides), max_text=200)
    assert refused.value.code == code


def test_a_missing_order_item_is_refused():
    form = _form()
    del form["o__o__3x"]
    with pytest.raises(AnswerProblem) as refused:
        read_answers(QUESTIONS, form, max_text=200)
    assert (refused.value.code, refused.value.key) == ("missing_item", "o")


def test_a_missing_choice_is_unanswered():
    form = _form()
    del form["q__m"]
    with pytest.raises(AnswerProblem) as refused:
        read_answers(QUESTIONS, form, max_text=200)
    assert (refused.value.code, refused.value.key) == ("unanswered", "m")


@pytest.mark.parametrize(
    ("score", "max_score", "percent", "passed"),
    [
        (8, 10, 80, True),
        (7, 10, 80, False),
        (10, 10, 100, True),
        (0, 0, 50, False),
        (1, 3, 33, True),
    ],
)
def test_the_pass_mark_is_a_percentage_of_the_maximum(score, max_score, percent, passed):
    assert has_passed(score, max_score, percent) is passed


def test_the_shuffle_is_fixed_by_its_seed_and_never_the_right_order():
    ids = [f"item-{n}" for n in range(6)]
    assert shuffled(ids, "seed-1") == shuffled(ids, "seed-1")
    assert {tuple(shuffled(ids, f"seed-{n}")) for n in range(20)} > {tuple(shuffled(ids, "seed-1"))}
    for n in range(200):
        order = shuffled(ids, f"seed-{n}")
        assert order != ids and sorted(order) == sorted(ids)
    assert shuffled(["a", "b"], "x") == ["b", "a"]
    assert shuffled(["only"], "x") == ["only"]
