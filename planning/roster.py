"""Reading a roster file (名簿): CSV in UTF-8 or CP932, or XLSX, into rows, refusing what it cannot read.

Nothing here touches the database; planning/services/roster.py checks the rows against it.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook

#: the largest roster file taken; a prefecture's roster is a few hundred rows, far below it
ROSTER_MAX_BYTES = 2 * 1024 * 1024
#: the most rows one file may hold (a whole prefecture's year, with room to spare)
ROSTER_MAX_ROWS = 2000
#: the column headings, as the sample file and the export name them
NAME_COLUMN, FURIGANA_COLUMN, EMAIL_COLUMN = "氏名", "ふりがな", "メールアドレス"
MUNICIPALITY_COLUMN, ORGANISATION_COLUMN = "市区町村", "所属機関"
REQUIRED_COLUMNS = (NAME_COLUMN, EMAIL_COLUMN)
OPTIONAL_COLUMNS = (FURIGANA_COLUMN, MUNICIPALITY_COLUMN, ORGANISATION_COLUMN)
ROSTER_COLUMNS = (
    NAME_COLUMN,
    FURIGANA_COLUMN,
    EMAIL_COLUMN,
    MUNICIPALITY_COLUMN,
    ORGANISATION_COLUMN,
)
#: the keys a row is read into, column by column
COLUMN_KEYS = {
    NAME_COLUMN: "full_name",
    FURIGANA_COLUMN: "furigana",
    EMAIL_COLUMN: "email",
    MUNICIPALITY_COLUMN: "municipality",
    ORGANISATION_COLUMN: "organisation",
}

UTF8, CP932, XLSX = "UTF-8", "CP932（Shift_JIS）", "XLSX"
_ZIP_MAGIC = b"PK\x03\x04"


class RosterFileError(Exception):
    """A roster file that cannot be read at all, with a Japanese message saying why."""

    def __init__(self, code: str, message) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = str(message)


@dataclass
class RosterFile:
    """The rows of a roster file, with the encoding it was read in."""

    encoding: str
    rows: list[dict] = field(default_factory=list)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows_from_table(table, encoding: str) -> RosterFile:
    """Rows of a table whose first non-empty line names the columns."""
    header: list[str] | None = None
    rows: list[dict] = []
    for line_number, raw in enumerate(table, start=1):
        cells = [_cell(value) for value in raw]
        if header is None:
            if not any(cells):
                continue
            header = [cell.lstrip("\ufeff") for cell in cells]
            missing = [name for name in REQUIRED_COLUMNS if name not in header]
            if missing:
                raise RosterFileError(
                    "missing_column",
                    _(
                        "必要な列がありません：%(columns)s。1行目に「%(all)s」の見出しを入れてください。"
                    )
                    % {"columns": "、".join(missing), "all": "」「".join(ROSTER_COLUMNS)},
                )
            index = {name: header.index(name) for name in ROSTER_COLUMNS if name in header}
            continue
        if not any(cells):
            continue
        if len(rows) >= ROSTER_MAX_ROWS:
            raise RosterFileError(
                "too_many_rows",
                _("行が多すぎます。1つのファイルは%(max)s行までにしてください。")
                % {"max": ROSTER_MAX_ROWS},
            )
        row = {"line": line_number}
        for name, key in COLUMN_KEYS.items():
            position = index.get(name)
            row[key] = cells[position] if position is not None and position < len(cells) else ""
        rows.append(row)
    if header is None:
        raise RosterFileError("empty", _("ファイルに見出しも行もありません。"))
    if not rows:
        raise RosterFileError("no_rows", _("見出しの下に受講者の行がありません。"))
    return RosterFile(encoding=encoding, rows=rows)


def _read_xlsx(data: bytes) -> RosterFile:
    try:
        # data_only: a formula cell is read as the value Excel last computed, never as "=...".
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise RosterFileError(
            "bad_xlsx", _("Excelファイルとして読めません。保存し直すか、CSVで送ってください。")
        ) from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise RosterFileError("empty", _("ファイルに見出しも行もありません。"))
        return _rows_from_table(sheet.iter_rows(values_only=True), XLSX)
    finally:
        book.close()


def _decode_csv(data: bytes) -> tuple[str, str]:
    """The text and which encoding it was in; never guessed into mojibake."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), CP932
    except UnicodeDecodeError as exc:
        raise RosterFileError(
            "bad_encoding",
            _("文字コードを読み取れません。UTF-8 か Shift_JIS（CP932）のCSVで保存してください。"),
        ) from exc


def read_roster(data: bytes, filename: str = "") -> RosterFile:
    """The file's rows, or a RosterFileError saying in Japanese why it cannot be taken."""
    if len(data) > ROSTER_MAX_BYTES:
        raise RosterFileError(
            "too_large",
            _("ファイルが大きすぎます（%(size)s MB）。%(max)s MBまでにしてください。")
            % {"size": f"{len(data) / 1024 / 1024:.1f}", "max": ROSTER_MAX_BYTES // 1024 // 1024},
        )
    if not data:
        raise RosterFileError("empty", _("ファイルが空です。"))
    if data.startswith(_ZIP_MAGIC) or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    if b"\x00" in data:
        raise RosterFileError(
            "binary",
            _("CSVでもExcel（.xlsx）でもないファイルです。名簿はCSVかXLSXで送ってください。"),
        )
    text, encoding = _decode_csv(data)
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise RosterFileError(
            "bad_csv", _("CSVの形が崩れています：%(error)s") % {"error": exc}
        ) from exc
    return _rows_from_table(table, encoding)
