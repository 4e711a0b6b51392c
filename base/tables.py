"""Tables people download and open in Excel: CSV (UTF-8 with BOM) and XLSX, safe from formulas."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook

#: A cell starting with one of these runs as a formula in Excel (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A cell value that Excel shows as text: numbers stay numbers, a formula-like text is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def table_csv(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """The table as CSV bytes starting with a BOM, so Excel reads it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def table_xlsx(header: Sequence, rows: Iterable[Sequence], *, sheet_title: str) -> bytes:
    """The table as an XLSX workbook of one sheet, every text cell stored as text."""
    book = Workbook(write_only=True)
    # Excel refuses sheet titles over 31 characters or with []:*?/\ in them.
    sheet = book.create_sheet(title="".join(c for c in sheet_title if c not in "[]:*?/\\")[:31])
    sheet.append([safe_cell(cell) for cell in header])
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A download response; Django writes a Japanese file name in RFC 5987 form."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
