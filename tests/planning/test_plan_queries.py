"""The plan's pages read the database a fixed number of times, however large the plan grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from bench.seed_planning import fill_plan
from planning.services.plans import plan_create
from tests.conftest import PASSWORD


@pytest.fixture
def planner(oita, make_person):
    return make_person(oita, Role.COMMITTEE, full_name="企画 恵")


def _plan(oita, make_member, *, fiscal_year, members, **size):
    plan = plan_create(prefecture=oita, fiscal_year=fiscal_year)
    seated = [make_member(plan) for _ in range(members)]
    return fill_plan(plan, seated, **size)


@pytest.fixture
def small_plan(oita, make_member):
    """Two members, one day of two slots, the ひな形's five meetings."""
    return _plan(oita, make_member, fiscal_year=2026, members=2, days=1, items=2)


@pytest.fixture
def large_plan(oita, make_member):
    """Eight members, six days of twelve slots with their roles, eight meetings."""
    return _plan(oita, make_member, fiscal_year=2027, members=8, days=6, items=12, meetings=8)


def _queries(client, url: str) -> int:
    assert client.get(url).status_code == 200  # sessions and per-process caches warmed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _first_day(plan):
    return plan.training_days.order_by("date", "pk").first()


def test_the_plan_page_reads_as_much_for_a_large_plan_as_for_a_small_one(
    client, planner, small_plan, large_plan
):
    assert large_plan.training_days.count() == 6
    assert large_plan.meetings.count() == 8
    assert client.login(email=planner.email, password=PASSWORD)
    small, large = (
        _queries(client, reverse("planning:plan_detail", kwargs={"plan_id": plan.pk}))
        for plan in (small_plan, large_plan)
    )
    assert small == large


def test_the_timeline_reads_as_much_for_a_large_plan_as_for_a_small_one(
    client, planner, small_plan, large_plan
):
    assert client.login(email=planner.email, password=PASSWORD)
    small, large = (
        _queries(client, reverse("planning:plan_timeline", kwargs={"plan_id": plan.pk}))
        for plan in (small_plan, large_plan)
    )
    assert small == large


@pytest.mark.parametrize("page", ["planning:day_detail", "planning:day_timetable"])
def test_a_training_day_reads_as_much_with_twelve_slots_as_with_two(
    client, planner, small_plan, large_plan, page
):
    small_day, large_day = _first_day(small_plan), _first_day(large_plan)
    assert small_day.items.count() == 2 and large_day.items.count() == 12
    assert large_day.items.filter(roles__isnull=False).distinct().count() > 8
    assert client.login(email=planner.email, password=PASSWORD)
    small, large = (
        _queries(client, reverse(page, kwargs={"day_id": day.pk})) for day in (small_day, large_day)
    )
    assert small == large
