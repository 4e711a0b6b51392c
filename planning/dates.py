"""Which days offices are open, and which dates a year's plan may hold."""

from datetime import date, timedelta

import jpholiday
from django.utils.translation import gettext as _

from courses.models import fiscal_year_span

#: 閉庁日: 12/29 to 1/3, when prefectural offices are closed besides national holidays
CLOSED_DAYS = frozenset({(12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3)})

#: a plan starts in the January before its 年度: Oita forms the team then
PLAN_MONTHS = 15


def closed_reason(day: date) -> str | None:
    """Why offices are closed on `day` (a holiday's name or 閉庁日), or None when they are open."""
    if (day.month, day.day) in CLOSED_DAYS:
        return _("閉庁日")
    name = jpholiday.is_holiday_name(day)
    return name or None


def is_open_weekday(day: date) -> bool:
    """A weekday that is neither a holiday nor a 閉庁日."""
    return day.weekday() < 5 and closed_reason(day) is None


def next_open_weekday(day: date) -> date:
    """`day` itself when offices are open, else the next weekday that is neither holiday nor 閉庁日."""
    while not is_open_weekday(day):
        day += timedelta(days=1)
    return day


def plan_span(fiscal_year: int) -> tuple[date, date]:
    """The dates a 年度's plan may hold: from the January before it to the 年度's last day."""
    _start, end = fiscal_year_span(fiscal_year)
    return date(fiscal_year, 1, 1), end


def month_starts(fiscal_year: int) -> list[date]:
    """The first day of each month of the plan, January to March of the next year."""
    first, _end = plan_span(fiscal_year)
    return [
        date(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1, 1)
        for n in range(PLAN_MONTHS)
    ]
