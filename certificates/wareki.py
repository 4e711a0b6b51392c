"""和暦 dates for official papers: 令和8年4月1日, 令和元年5月1日, with no zero padding.

Written here rather than taken from a library because none formats these as a
prefecture's papers need: japanera pads the year and month ("令和08年04月01日") and
writes the first year as "01" instead of 元年, and Python's own locale data knows no eras.
The table is small and fixed; a new era is one more row.
"""

from datetime import date

#: (first day, era name), newest first. Dates before 明治6年 (the solar calendar) are refused.
ERAS: tuple[tuple[date, str], ...] = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1873, 1, 1), "明治"),
)
#: 明治 counts from 1868 even though the solar calendar (and this table) starts in its 6th year.
_FIRST_YEAR = {"令和": 2019, "平成": 1989, "昭和": 1926, "大正": 1912, "明治": 1868}


def era_year(day: date) -> tuple[str, int]:
    """The era and the year within it (1 for its first year) of a date."""
    for first_day, name in ERAS:
        if day >= first_day:
            return name, day.year - _FIRST_YEAR[name] + 1
    raise ValueError(f"{day.isoformat()} is before the solar calendar (明治6年)")


def year_label(year: int) -> str:
    """元 for an era's first year, the plain number otherwise."""
    return "元" if year == 1 else str(year)


def wareki(day: date) -> str:
    """令和8年4月1日: the date in 和暦, the first year written 元年, nothing zero-padded."""
    name, year = era_year(day)
    return f"{name}{year_label(year)}年{day.month}月{day.day}日"


def seireki(day: date) -> str:
    """2026年4月1日: the date in 西暦, nothing zero-padded."""
    return f"{day.year}年{day.month}月{day.day}日"


def fiscal_year_of(day: date) -> int:
    """The 年度 (April to March) a date falls in, as the 西暦 year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_label(fiscal_year: int, *, japanese_era: bool) -> str:
    """The 年度 as a number format writes it: 8 (令和8年度) in 和暦, 2026 in 西暦.

    A 年度 is named by the era of its first day, 1 April.
    """
    if not japanese_era:
        return str(fiscal_year)
    _name, year = era_year(date(fiscal_year, 4, 1))
    return year_label(year)
