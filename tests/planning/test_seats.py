"""Seats per municipality: one each, the rest equally or by staff, adjusted by hand within capacity."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.services import membership_grant, organisation_create
from planning.models import SeatAllocation
from planning.roster import read_roster
from planning.seats import SeatRule, SeatShareError, share_seats
from planning.services.errors import PlanningError
from planning.services.roster import roster_check
from planning.services.seats import municipality_staff, seats_adjust, seats_share
from planning.services.training import training_day_save
from tests.conftest import PASSWORD


def test_equal_sharing_gives_one_each_and_the_rest_evenly():
    seats = share_seats(10, {"大分市": 5, "別府市": 0, "中津市": 1}, SeatRule.EQUAL)
    assert seats == {"大分市": 4, "別府市": 3, "中津市": 3}


def test_sharing_by_staff_is_proportional_and_sums_exactly():
    seats = share_seats(40, {"大分市": 30, "別府市": 9, "姫島村": 0}, SeatRule.BY_STAFF)
    assert seats == {"大分市": 29, "別府市": 10, "姫島村": 1}
    assert sum(share_seats(37, {"a": 1, "b": 1, "c": 1}, SeatRule.BY_STAFF).values()) == 37


def test_no_staff_anywhere_falls_back_to_equal():
    assert share_seats(6, {"a": 0, "b": 0}, SeatRule.BY_STAFF) == {"a": 3, "b": 3}


def test_a_venue_too_small_for_one_seat_each_is_refused():
    with pytest.raises(SeatShareError, match="2市区町村に1席ずつも配れません"):
        share_seats(1, {"a": 0, "b": 0}, SeatRule.EQUAL)
    with pytest.raises(SeatShareError, match="市区町村がありません"):
        share_seats(10, {}, SeatRule.EQUAL)


@pytest.fixture
def seat_day(oita_plan, make_person):
    """A day for 30 in 大分県's 18 municipalities: 大分市 has three staff and 別府市 one."""
    prefecture = oita_plan.committee.prefecture
    oita_city = organisation_create(
        prefecture=prefecture, name="大分市センター", kind="self_reliance", municipality="大分市"
    )
    beppu = organisation_create(
        prefecture=prefecture, name="別府市社協", kind="shakyo", municipality="別府市"
    )
    for organisation, people in ((oita_city, 3), (beppu, 1)):
        for _ in range(people):
            membership_grant(
                user=make_person(prefecture),
                prefecture=prefecture,
                role=Role.TRAINEE,
                organisation=organisation,
            )
    day = oita_plan.training_days.order_by("date").first()
    day.capacity = 30
    day.save(update_fields=["capacity"])
    return day


@pytest.mark.django_db
def test_seats_go_to_all_18_municipalities_and_are_adjusted_by_hand(seat_day):
    staff = municipality_staff(seat_day.plan.committee.prefecture)
    assert len(staff) == 18 and list(staff)[:3] == ["大分市", "別府市", "中津市"]
    assert staff["大分市"] == 3 and staff["別府市"] == 1 and sum(staff.values()) == 4
    seat_plan = seats_share(day=seat_day, rule=SeatRule.BY_STAFF)
    seats = {a.municipality: a.seats for a in seat_plan.allocations.all()}
    # one each (18), then the other 12 by staff: 大分市 9, 別府市 3
    assert len(seats) == 18 and sum(seats.values()) == 30
    assert seats["大分市"] == 10 and seats["別府市"] == 4 and seats["姫島村"] == 1

    beppu = seat_plan.allocations.get(municipality="別府市")
    seats_adjust(day=seat_day, seats={beppu.pk: 2})
    beppu.refresh_from_db()
    assert beppu.seats == 2 and beppu.by_hand

    with pytest.raises(PlanningError, match=r"席の合計（31席）が会場の定員（30人）を超えています"):
        seats_adjust(day=seat_day, seats={beppu.pk: 5})
    beppu.refresh_from_db()
    assert beppu.seats == 2  # refused whole

    with pytest.raises(PlanningError) as forged:
        seats_adjust(day=seat_day, seats={987654: 1})
    assert forged.value.code == "wrong_allocation"


@pytest.mark.django_db
def test_seats_page_shares_adjusts_and_refuses_in_japanese(
    client, seat_day, make_member, kochi, make_person
):
    member = make_member(seat_day.plan)
    assert client.login(email=member.user.email, password=PASSWORD)
    url = reverse("planning:day_seats", args=[seat_day.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "share", "rule": "equal"}).status_code == 302
    allocations = list(SeatAllocation.objects.filter(seat_plan__training_day=seat_day))
    assert sorted(a.seats for a in allocations) == [1] * 6 + [2] * 12
    over = client.post(url, {"action": "adjust", **{f"seat_{a.pk}": 2 for a in allocations}})
    assert over.status_code == 400
    assert "席の合計（36席）が会場の定員（30人）を超えています" in over.content.decode()
    bad_rule = client.post(url, {"action": "share", "rule": "lottery"})
    assert bad_rule.status_code == 400
    # a forged allocation id is no field of the form: nothing of it is read
    client.post(
        url, {"action": "adjust", "seat_987654": 1, **{f"seat_{a.pk}": 1 for a in allocations}}
    )
    assert sorted(SeatAllocation.objects.values_list("seats", flat=True)) == [1] * 18

    for user in (
        make_person(kochi, Role.COMMITTEE),
        make_person(seat_day.plan.committee.prefecture),
    ):
        assert client.login(email=user.email, password=PASSWORD)
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "share", "rule": "equal"}).status_code == 404


@pytest.mark.django_db
def test_the_roster_keeps_to_each_municipalitys_seats(seat_day, make_program, make_cohort):
    cohort = make_cohort(make_program(lessons=1), seat_day.plan.committee.prefecture)
    day = training_day_save(
        plan=seat_day.plan,
        day=seat_day,
        title=seat_day.title,
        date=seat_day.date,
        starts_at=seat_day.starts_at,
        ends_at=seat_day.ends_at,
        capacity=30,
        cohort=cohort,
    )
    seat_plan = seats_share(day=day, rule=SeatRule.EQUAL)
    beppu = seat_plan.allocations.get(municipality="別府市")
    seats_adjust(day=day, seats={beppu.pk: 1})
    lines = [
        "氏名,メールアドレス,市区町村",
        "一 別府,b1@example.jp,別府市",
        "二 別府,b2@example.jp,別府市",
        "三 無記入,n@example.jp,",
        "四 大分,o@example.jp,大分市",
    ]
    preview = roster_check(day=day, roster=read_roster("\r\n".join(lines).encode()))
    errors = [" ".join(row.errors) for row in preview.rows]
    assert errors[0] == errors[1] == errors[3] == ""
    # beyond 別府市's one seat is no error: the row waits, first in 別府市's line
    assert [row.waiting for row in preview.rows] == [None, 1, None, None]
    assert "市区町村を入力してください" in errors[2]


@pytest.mark.django_db
def test_seats_beyond_a_lowered_capacity_are_listed_among_the_plans_problems(seat_day):
    from planning import checks
    from planning.selectors.plans import plan_snapshot

    seats_share(day=seat_day, rule=SeatRule.EQUAL)
    assert checks.check_seats(plan_snapshot(seat_day.plan)) == []
    training_day_save(
        plan=seat_day.plan,
        day=seat_day,
        title=seat_day.title,
        date=seat_day.date,
        starts_at=seat_day.starts_at,
        ends_at=seat_day.ends_at,
        capacity=20,
    )
    (problem,) = checks.check_seats(plan_snapshot(seat_day.plan))
    assert problem.code == "seats" and problem.day_ids == {seat_day.pk}
    assert "席の合計（30席）が会場の定員（20人）を超えています" in problem.message
    assert problem in checks.plan_problems(plan_snapshot(seat_day.plan))
