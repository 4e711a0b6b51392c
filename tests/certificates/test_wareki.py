"""和暦 formatting: no zero padding, 元年, and every era boundary from 明治 to 令和."""

from datetime import date

import pytest

from certificates.wareki import era_year, fiscal_year_label, fiscal_year_of, seireki, wareki


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 4, 1), "令和8年4月1日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1873, 1, 1), "明治6年1月1日"),
        (date(2026, 12, 31), "令和8年12月31日"),
    ],
)
def test_wareki_dates(day, expected):
    assert wareki(day) == expected


def test_no_zero_padding_anywhere():
    text = wareki(date(2027, 1, 9))
    assert text == "令和9年1月9日"
    assert "0" not in text


def test_before_the_solar_calendar_is_refused():
    with pytest.raises(ValueError):
        era_year(date(1872, 12, 31))


def test_seireki_is_not_padded_either():
    assert seireki(date(2026, 4, 1)) == "2026年4月1日"


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [(date(2026, 4, 1), 2026), (date(2027, 3, 31), 2026), (date(2026, 3, 31), 2025)],
)
def test_fiscal_year_runs_april_to_march(day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year


def test_fiscal_year_label():
    assert fiscal_year_label(2026, japanese_era=True) == "8"
    assert fiscal_year_label(2020, japanese_era=True) == "2"
    assert fiscal_year_label(2026, japanese_era=False) == "2026"
