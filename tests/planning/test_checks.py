"""planning/checks.py: each check finds its own problem, and says nothing on a clean plan."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from planning import checks
from planning.selectors.plans import plan_snapshot
from planning.services.meetings import meeting_save
from planning.services.training import agenda_item_save, role_assign, training_day_save


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_a_fresh_plan_from_the_template_has_no_closed_day_or_ordering_problem(oita_plan):
    snapshot = plan_snapshot(oita_plan)
    assert checks.check_closed_days(snapshot) == []
    assert checks.check_meetings_before_training(snapshot) == []
    assert checks.check_timetables(snapshot) == []


def test_closed_days_flag_a_holiday_and_the_new_year_closure(oita_plan):
    day = oita_plan.training_days.order_by("date").first()
    training_day_save(
        plan=oita_plan,
        day=day,
        title=day.title,
        date=date(2026, 5, 4),
        starts_at=day.starts_at,
        ends_at=day.ends_at,
    )
    meeting = oita_plan.meetings.order_by("starts_at").first()
    meeting_save(
        plan=oita_plan,
        meeting=meeting,
        title=meeting.title,
        starts_at=_aware(date(2026, 12, 30), 14),
        ends_at=_aware(date(2026, 12, 30), 16),
    )
    problems = checks.check_closed_days(plan_snapshot(oita_plan))
    messages = [p.message for p in problems]
    assert any("みどりの日" in m and day.title in m for m in messages)
    assert any("閉庁日" in m and meeting.title in m for m in messages)
    assert {p.code for p in problems} == {"closed_day"}


def test_a_member_in_two_overlapping_slots_is_a_double_booking(first_day, make_member):
    member = make_member(first_day.plan, full_name="重複 太郎")
    lecture, group_work = first_day.items.order_by("starts_at")
    role_assign(item=lecture, role="lecturer", member=member)
    role_assign(item=group_work, role="facilitator", member=member)
    assert checks.check_double_bookings(plan_snapshot(first_day.plan)) == []  # back to back

    agenda_item_save(
        day=first_day,
        item=group_work,
        starts_at=time(10, 30),
        ends_at=time(12, 0),
        subject=group_work.subject,
        kind=group_work.kind,
    )
    (problem,) = checks.check_double_bookings(plan_snapshot(first_day.plan))
    assert problem.code == "double_booking"
    assert "重複 太郎さん" in problem.message and "講義A" in problem.message
    assert problem.day_ids == {first_day.pk}


def test_two_roles_in_one_slot_are_not_a_double_booking(first_day, make_member):
    member = make_member(first_day.plan)
    lecture = first_day.items.order_by("starts_at").first()
    role_assign(item=lecture, role="lecturer", member=member)
    role_assign(item=lecture, role="materials", member=member)
    assert checks.check_double_bookings(plan_snapshot(first_day.plan)) == []


def test_an_attendee_of_a_meeting_during_their_slot_is_on_two_events_at_once(
    first_day, make_member
):
    member = make_member(first_day.plan)
    lecture = first_day.items.order_by("starts_at").first()
    role_assign(item=lecture, role="lecturer", member=member)
    meeting_save(
        plan=first_day.plan,
        title="臨時会議",
        starts_at=_aware(first_day.date, 10),
        ends_at=_aware(first_day.date, 11),
        attendees=[member],
    )
    (problem,) = checks.check_double_bookings(plan_snapshot(first_day.plan))
    assert "臨時会議" in problem.message and len(problem.meeting_ids) == 1


def test_an_outside_lecturer_is_booked_by_name(first_day):
    lecture, group_work = first_day.items.order_by("starts_at")
    agenda_item_save(
        day=first_day,
        item=group_work,
        starts_at=time(10, 30),
        ends_at=time(12, 0),
        subject=group_work.subject,
        kind=group_work.kind,
    )
    for item, role in ((lecture, "lecturer"), (group_work, "facilitator")):
        role_assign(item=item, role=role, lecturer_name="外部 花子", lecturer_affiliation="大学")
    (problem,) = checks.check_double_bookings(plan_snapshot(first_day.plan))
    assert "外部 花子（大学）さん" in problem.message


def test_unassigned_roles_are_flagged_only_within_14_days(first_day, make_member):
    snapshot = plan_snapshot(first_day.plan)
    assert checks.check_unassigned_roles(snapshot, today=first_day.date - timedelta(days=15)) == []
    problems = checks.check_unassigned_roles(snapshot, today=first_day.date - timedelta(days=14))
    # 講義: 講師役, 資料作成役, タイムキーパー役; グループワーク: ファシリテーター, タイムキーパー役
    assert len(problems) == 5
    assert any("講義A" in p.message and "講師役が未定" in p.message for p in problems)
    assert all("研修日まで14日" in p.message for p in problems)
    assert checks.check_unassigned_roles(snapshot, today=first_day.date + timedelta(days=1)) == []


def test_a_filled_role_is_no_longer_unassigned(first_day, make_member):
    lecture = first_day.items.order_by("starts_at").first()
    role_assign(item=lecture, role="lecturer", member=make_member(first_day.plan))
    problems = checks.check_unassigned_roles(plan_snapshot(first_day.plan), today=first_day.date)
    assert not any("講義A" in p.message and "講師役" in p.message for p in problems)
    assert len(problems) == 4


def test_a_timetable_past_the_days_end_and_overlapping_items(first_day):
    agenda_item_save(
        day=first_day, starts_at=time(9, 0), ends_at=time(17, 0), subject="長い講義", kind="lecture"
    )
    problems = checks.check_timetables(plan_snapshot(first_day.plan))
    codes = [p.code for p in problems]
    assert codes.count("outside_day") == 1
    # the long slot overlaps both of the others, even the one it does not sit next to
    assert codes.count("items_overlap") == 2
    assert any("はみ出しています" in p.message and "長い講義" in p.message for p in problems)


def test_a_meeting_after_the_training_it_plans(oita_plan):
    meeting = oita_plan.meetings.order_by("starts_at").first()
    day = meeting.training_day
    meeting_save(
        plan=oita_plan,
        meeting=meeting,
        title=meeting.title,
        training_day=day,
        starts_at=_aware(day.date + timedelta(days=1), 14),
        ends_at=_aware(day.date + timedelta(days=1), 16),
    )
    (problem,) = checks.check_meetings_before_training(plan_snapshot(oita_plan))
    assert problem.code == "meeting_after_training" and day.title in problem.message


def test_plan_problems_gathers_every_check_and_filters_by_page(first_day):
    agenda_item_save(
        day=first_day, starts_at=time(9, 0), ends_at=time(17, 0), subject="長い講義", kind="lecture"
    )
    problems = checks.plan_problems(plan_snapshot(first_day.plan), today=first_day.date)
    assert {"outside_day", "items_overlap", "unassigned_role"} <= {p.code for p in problems}
    assert checks.problems_for_day(problems, first_day.pk) == [
        p for p in problems if first_day.pk in p.day_ids
    ]
    assert checks.problems_for_day(problems, 0) == []
