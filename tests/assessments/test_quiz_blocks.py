"""The question blocks: editors' mistakes refused, and a preview that never shows the key."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from assessments.blocks.quizzes import (
    MultipleChoiceQuestionBlock,
    QuizQuestionsBlock,
    SingleChoiceQuestionBlock,
)


@pytest.mark.parametrize("block_name", list(QuizQuestionsBlock.base_blocks))
def test_every_question_block_previews_without_its_answers_or_feedback(block_name):
    block = QuizQuestionsBlock().child_blocks[block_name]
    for attribute in ("icon", "template", "description", "preview_value"):
        assert getattr(block.meta, attribute), attribute
    value = block.get_preview_value()
    html = block.render(value, context={})
    assert "quiz-question" in html and value["prompt"] in html
    for secret in ("right", "correct", "checked"):
        assert secret not in html
    for accepted in value.get("accepted") or []:
        assert f'value="{accepted}"' not in html


def _choices(*flags: bool) -> list[dict]:
    return [{"text": f"選択肢{n}", "correct": flag} for n, flag in enumerate(flags)]


@pytest.mark.parametrize("flags", [(False, False), (True, True)])
def test_a_single_choice_question_needs_exactly_one_right_option(flags):
    block = SingleChoiceQuestionBlock()
    value = block.to_python({"prompt": "問い", "choices": _choices(*flags), "points": 1})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_a_multiple_choice_question_needs_a_right_option():
    block = MultipleChoiceQuestionBlock()
    value = block.to_python({"prompt": "問い", "choices": _choices(False, False), "points": 1})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
    good = block.to_python({"prompt": "問い", "choices": _choices(True, True), "points": 1})
    assert block.clean(good)["points"] == 1
