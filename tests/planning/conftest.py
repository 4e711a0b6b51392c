"""Small planning factories: a plan of 大分県 with its committee, and members to give roles to."""

from datetime import date, time

import pytest

from accounts.models import Role
from planning.services.committee import committee_member_add
from planning.services.plans import plan_create
from planning.services.training import agenda_item_save


@pytest.fixture
def oita_plan(oita):
    """大分県's 令和8年度 plan, laid out from Oita's ひな形."""
    return plan_create(prefecture=oita, fiscal_year=2026)


@pytest.fixture
def make_member(make_person):
    """Seat a new person with the committee role on the plan's committee."""

    def make(plan, **fields):
        user = make_person(plan.committee.prefecture, Role.COMMITTEE, **fields)
        return committee_member_add(committee=plan.committee, user=user)

    return make


@pytest.fixture
def first_day(oita_plan):
    """The plan's 前期 training day, with a timetable of a lecture and a group work."""
    day = oita_plan.training_days.order_by("date").first()
    agenda_item_save(
        day=day, starts_at=time(10, 0), ends_at=time(11, 0), subject="講義A", kind="lecture"
    )
    agenda_item_save(
        day=day, starts_at=time(11, 0), ends_at=time(12, 0), subject="演習B", kind="group_work"
    )
    return day


def day_in(plan, month: int, day: int) -> date:
    return date(plan.committee.fiscal_year, month, day)
