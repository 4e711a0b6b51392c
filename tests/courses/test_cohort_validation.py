"""A cohort's 年度 and dates must be plausible, and its title and venue printable."""

from datetime import date

import pytest

from accounts.models import Role
from courses import services
from courses.models import Cohort


def _create(program, prefecture, **overrides):
    fields = {
        "program": program,
        "prefecture": prefecture,
        "fiscal_year": 2026,
        "title": "大分の回",
        "starts_on": date(2026, 11, 9),
        "ends_on": date(2026, 12, 18),
        "venue": "会場",
    }
    return services.cohort_create(**{**fields, **overrides})


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"fiscal_year": 99999}, "年度は2000年度から2099年度"),
        ({"fiscal_year": 1999}, "年度は2000年度から2099年度"),
        ({"starts_on": date(1, 1, 1), "ends_on": date(9999, 12, 31)}, "2026年度"),
        ({"starts_on": date(2026, 3, 31)}, "2026年度"),
        ({"ends_on": date(2027, 4, 1)}, "2026年度"),
        ({"title": "壊れた\ufffd回"}, "文字化け"),
        ({"venue": "会場\x07"}, "制御文字"),
    ],
)
def test_the_service_refuses_nonsense(oita, make_program, overrides, message):
    with pytest.raises(services.CohortError, match=message):
        _create(make_program(lessons=0), oita, **overrides)
    assert not Cohort.objects.exists()


def test_a_cohort_may_run_to_the_end_of_march(oita, make_program):
    cohort = _create(
        make_program(lessons=0), oita, starts_on=date(2026, 4, 1), ends_on=date(2027, 3, 31)
    )
    assert cohort.pk


def test_an_update_is_held_to_the_same_rule(oita, make_program):
    cohort = _create(make_program(lessons=0), oita)
    with pytest.raises(services.CohortError, match="2026年度"):
        services.cohort_update(cohort=cohort, ends_on=date(9999, 12, 31))
    cohort.refresh_from_db()
    assert cohort.ends_on == date(2026, 12, 18)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"fiscal_year": 9999}, "年度は2000年度から2099年度"),
        ({"starts_on": "0001-01-01", "ends_on": "9999-12-31"}, "2026年度"),
        ({"title": "回\ufffd"}, "文字化け"),
    ],
)
def test_the_cms_form_refuses_nonsense_in_japanese(
    client, oita, make_person, make_program, overrides, message
):
    client.force_login(make_person(oita, Role.PREFECTURE_ADMIN))
    data = {
        "program": make_program(lessons=0).pk,
        "prefecture": oita.pk,
        "fiscal_year": 2026,
        "title": "新しい回",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-02",
        "venue": "大分",
        "capacity": 30,
        **overrides,
    }
    response = client.post("/admin/cohorts/new/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Cohort.objects.exists()
