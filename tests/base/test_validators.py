"""The shared text check refuses mojibake, control and direction characters, and keeps the rest."""

import pytest
from django.core.exceptions import ValidationError

from base.validators import require_plain_text, text_problem, validate_multiline


@pytest.mark.parametrize(
    "text",
    ["相談支援センター\ufffd", "あおぞら\x00", "ベル\x07", "一行\n二行", "名前\u202e逆", "\ud800"],
)
def test_names_with_unprintable_characters_are_refused(text):
    assert text_problem(text)


@pytest.mark.parametrize(
    "text", ["社会福祉法人 つなぐ会", "髙橋（はしご高）", "Ａ＆Ｂ・ｃ", "\ue000外字"]
)
def test_ordinary_japanese_names_pass(text):
    assert text_problem(text) is None


def test_multiline_text_keeps_its_line_breaks_but_not_other_controls():
    validate_multiline("一行目\r\n二行目\tタブ")
    with pytest.raises(ValidationError):
        validate_multiline("一行目\x1b[31m")


def test_services_get_one_error_per_field():
    with pytest.raises(ValidationError) as error:
        require_plain_text(name="壊れ\ufffd", municipality="大分市")
    assert list(error.value.message_dict) == ["name"]
    assert "文字化け" in error.value.message_dict["name"][0]
