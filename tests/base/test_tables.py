"""Downloads open in Excel as the text people typed, never as a formula."""

import csv
import io

from openpyxl import load_workbook

from base.tables import safe_cell, table_csv, table_xlsx


def test_formula_like_text_is_quoted_and_numbers_stay_numbers():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("大分 太郎") == "大分 太郎"
    assert safe_cell(3) == 3
    assert safe_cell(None) == ""


def test_csv_starts_with_a_bom_and_reads_back():
    data = table_csv(["氏名", "点"], [["=1+1", 4], ["𠮷田 花子", 5]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["氏名", "点"], ["'=1+1", "4"], ["𠮷田 花子", "5"]]


def test_xlsx_reads_back_with_text_and_numbers():
    data = table_xlsx(
        ["氏名", "点"], [["+cmd", 4], ["𠮟 一郎", 2.5]], sheet_title="修了状況:2026/前期"
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "修了状況2026前期"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["氏名", "点"],
        ["'+cmd", 4],
        ["𠮟 一郎", 2.5],
    ]
