"""planning/dates.py: which days offices are open, and the span a plan may hold."""

from datetime import date

from planning.dates import closed_reason, month_starts, next_open_weekday, plan_span


def test_holidays_and_closed_days_are_named():
    assert closed_reason(date(2026, 5, 4)) == "みどりの日"
    assert closed_reason(date(2026, 12, 29)) == "閉庁日"
    assert closed_reason(date(2027, 1, 3)) == "閉庁日"
    assert closed_reason(date(2026, 4, 20)) is None


def test_next_open_weekday_skips_weekends_holidays_and_closed_days():
    # Golden week 2026: 5/3 (Sun), 5/4, 5/5, 5/6 (振替休日) are all closed.
    assert next_open_weekday(date(2026, 5, 2)) == date(2026, 5, 7)
    assert next_open_weekday(date(2026, 12, 28)) == date(2026, 12, 28)
    assert next_open_weekday(date(2026, 12, 29)) == date(2027, 1, 4)


def test_plan_span_starts_in_the_january_before_the_fiscal_year():
    assert plan_span(2026) == (date(2026, 1, 1), date(2027, 3, 31))
    months = month_starts(2026)
    assert months[0] == date(2026, 1, 1) and months[-1] == date(2027, 3, 1) and len(months) == 15
