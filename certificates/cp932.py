"""CSV in CP932 (Shift_JIS as Windows writes it) for older Excel, naming every character it loses.

CP932 cannot hold every name: 𠮷 and 𠮟 lie outside it, and Python's codec has no
round trip for 〜 (U+301C WAVE DASH) or − (U+2212 MINUS SIGN): its encoder quietly
writes them as the bytes of ～ and －, which come back as those look-alikes. The
register would then say something the record does not. So a character counts as
encodable only when it comes back from the bytes as itself. Here nothing is swapped: each
character that cannot be written becomes 〓 (ゲタ, the mark Japanese typesetting uses
for a missing character) and is listed by row, column and code point, so the page can
show the list before anyone downloads the file. ① and the other NEC specials are in
CP932 and are written as they are.
"""

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from base.tables import safe_cell

ENCODING = "cp932"
#: what stands in the file for a character CP932 cannot hold (it can hold this one)
MISSING_MARK = "〓"
CP932_CSV_TYPE = "text/csv; charset=Shift_JIS"


@dataclass(frozen=True)
class Unencodable:
    """One character of one cell that the CP932 file cannot hold."""

    #: the row as Excel numbers it: the header is row 1, the first record row 2
    row: int
    column: str
    character: str

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.character):04X}"

    @property
    def name(self) -> str:
        return unicodedata.name(self.character, "")


def _encodable(character: str) -> bool:
    try:
        return character.encode(ENCODING).decode(ENCODING) == character
    except UnicodeError:
        return False


def _cell(text: str, *, row: int, column: str, problems: list[Unencodable]) -> str:
    """The cell with each character CP932 lacks replaced by the mark, and recorded."""
    try:
        if text.encode(ENCODING).decode(ENCODING) == text:
            return text
    except UnicodeError:
        pass
    kept = []
    for character in text:
        if _encodable(character):
            kept.append(character)
        else:
            problems.append(Unencodable(row=row, column=column, character=character))
            kept.append(MISSING_MARK)
    return "".join(kept)


def cp932_csv(header: Sequence, rows: Iterable[Sequence]) -> tuple[bytes, list[Unencodable]]:
    """The table as CP932 CSV bytes, and every (row, column, character) it could not encode.

    Cells are made formula-safe the same way as base/tables.py's UTF-8 CSV.
    """
    columns = [str(safe_cell(cell)) for cell in header]
    problems: list[Unencodable] = []
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_cell(text, row=1, column=text, problems=problems) for text in columns])
    for number, values in enumerate(rows, start=2):
        cells = []
        for index, value in enumerate(values):
            column = columns[index] if index < len(columns) else str(index + 1)
            cells.append(_cell(str(safe_cell(value)), row=number, column=column, problems=problems))
        writer.writerow(cells)
    return out.getvalue().encode(ENCODING), problems
