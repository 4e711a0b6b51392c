"""certificates/cp932.py: the CP932 register keeps every character it can and names each one it cannot."""

import csv
import io

from certificates.cp932 import MISSING_MARK, cp932_csv


def _read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("cp932"), newline="")))


def test_characters_cp932_holds_come_back_as_themselves():
    data, problems = cp932_csv(["氏名", "番号"], [["髙橋 ① 﨑 ～ －", "大分伝第8-0001号"]])
    assert problems == []
    assert _read(data) == [["氏名", "番号"], ["髙橋 ① 﨑 ～ －", "大分伝第8-0001号"]]


def test_look_alikes_are_never_swapped_in_and_each_loss_is_named():
    rows = [
        ["山田 太郎", "8〜9月"],
        ["𠮷田 花子", "−5"],
        ["𠮟 ①", "ok"],
    ]
    data, problems = cp932_csv(["氏名", "備考"], rows)
    found = [(p.row, p.column, p.character) for p in problems]
    assert found == [
        (2, "備考", "〜"),
        (3, "氏名", "𠮷"),
        (3, "備考", "−"),
        (4, "氏名", "𠮟"),
    ]
    assert [p.code_point for p in problems] == ["U+301C", "U+20BB7", "U+2212", "U+20B9F"]
    back = _read(data)
    assert back[1] == ["山田 太郎", f"8{MISSING_MARK}9月"]
    assert back[2] == [f"{MISSING_MARK}田 花子", f"{MISSING_MARK}5"]
    # ① is in CP932 (an NEC special): it stays ①, and nothing became ～ or －.
    assert back[3] == [f"{MISSING_MARK} ①", "ok"]
    text = data.decode("cp932")
    assert "～" not in text and "－" not in text


def test_a_formula_is_kept_as_text_like_the_utf8_register():
    data, problems = cp932_csv(["番号"], [["=HYPERLINK(1)"], ["@SUM(A1)"]])
    assert problems == []
    assert _read(data)[1:] == [["'=HYPERLINK(1)"], ["'@SUM(A1)"]]


def test_a_header_character_is_reported_on_row_one():
    _data, problems = cp932_csv(["𠮷"], [])
    assert [(p.row, p.column, p.character) for p in problems] == [(1, "𠮷", "𠮷")]


def test_a_variation_selector_is_reported_apart_from_its_kanji():
    _data, problems = cp932_csv(["氏名"], [["葛\U000e0100西"]])
    assert [p.code_point for p in problems] == ["U+E0100"]
