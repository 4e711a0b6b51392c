"""The demo plans: 大分県's full 令和8年度 with graduates, meetings and timetables; 高知県 smaller."""

from django.core.management import call_command

from planning.checks import plan_problems
from planning.models import REQUIRED_ROLES, ActionItem, AnnualPlan
from planning.selectors.plans import plan_snapshot


def test_the_demo_seeds_oita_in_full_and_kochi_smaller(db):
    call_command("seed_demo", "--password", "demo-pass-123")
    call_command("seed_demo", "--password", "demo-pass-123")  # idempotent
    oita = AnnualPlan.objects.get(committee__prefecture__slug="oita", committee__fiscal_year=2026)
    members = list(oita.committee.members.all())
    assert len(members) >= 5 and sum(m.is_national_graduate for m in members) >= 4
    meetings = list(oita.meetings.order_by("starts_at"))
    assert len(meetings) == 5 and all(m.minutes and m.decisions for m in meetings)
    assert ActionItem.objects.filter(meeting__plan=oita).count() >= 5
    days = list(oita.training_days.order_by("date"))
    assert [d.date.month for d in days] == [4, 10, 10]
    for day in days:
        items = list(day.items.all())
        assert len(items) >= 5
        for item in items:
            held = {role.role for role in item.roles.all()}
            assert set(REQUIRED_ROLES[item.kind]) <= held, item.subject
    assert any(item.scope == "regional" for day in days[1:] for item in day.items.all())
    for day in days:
        # every one of 大分県's 18 municipalities has a seat, within the venue
        seats = list(day.seat_plan.allocations.values_list("seats", flat=True))
        assert len(seats) == 18 and min(seats) >= 1 and sum(seats) == day.capacity
    # last year's 振り返り: keep/change notes on the 前期 day and on the whole plan
    notes = list(oita.retrospective_notes.values_list("kind", "training_day_id"))
    assert ("keep", days[0].pk) in notes and ("change", days[0].pk) in notes
    assert ("change", None) in notes and len(notes) == 3  # twice seeded, kept once
    # the demo's own plan is clean: nothing for the checks to flag
    assert plan_problems(plan_snapshot(oita), today=days[0].date) == []
    kochi = AnnualPlan.objects.get(committee__prefecture__slug="kochi")
    assert kochi.training_days.first().items.count() == 3
    assert kochi.committee.members.count() < len(members)
