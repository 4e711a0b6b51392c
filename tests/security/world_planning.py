"""高知県's planning for the prefecture matrix: a plan with every kind of object its URLs name.

Every object lands in `kochi.planning[name]` and holds a MARKERS text, so the matrix
sees it if a 大分県 role is ever shown it.
"""

from datetime import time

from .world import Side


def build(kochi: Side) -> None:
    """A 高知県 plan with a member, a milestone, a training day of the cohort, a meeting."""
    from accounts.models import Role
    from planning.models import WaitingEntry
    from planning.services.committee import committee_member_add
    from planning.services.meetings import action_item_save, meeting_save
    from planning.services.plans import milestone_save, plan_create
    from planning.services.training import agenda_item_save, role_assign, training_day_save

    plan = plan_create(prefecture=kochi.prefecture, fiscal_year=2026)
    plan.title = "高知秘密の年間計画"
    plan.save(update_fields=["title"])
    member = committee_member_add(
        committee=plan.committee,
        user=kochi.people[Role.COMMITTEE],
        organisation="高知秘密の所属",
        national_program="高知秘密の国研修",
        national_year=2025,
    )
    milestone = plan.milestones.order_by("due_on").first()
    milestone = milestone_save(
        plan=plan, milestone=milestone, title="高知秘密の節目", due_on=milestone.due_on
    )
    day = plan.training_days.order_by("date").first()
    day = training_day_save(
        plan=plan,
        day=day,
        title="高知秘密の研修日",
        date=day.date,
        starts_at=day.starts_at,
        ends_at=day.ends_at,
        venue="高知秘密の会場",
        cohort=kochi.cohort,
    )
    item = agenda_item_save(
        day=day, starts_at=time(10), ends_at=time(11), subject="高知秘密の科目", kind="lecture"
    )
    role_assign(item=item, role="lecturer", member=member)
    meeting = plan.meetings.order_by("starts_at").first()
    meeting = meeting_save(
        plan=plan,
        meeting=meeting,
        title="高知秘密の検討会議",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        training_day=day,
        minutes="高知秘密の議事録",
        attendees=[member],
    )
    action = action_item_save(
        meeting=meeting, title="高知秘密の宿題", owner=member, due_on=milestone.due_on
    )
    # Written straight in: the roster import that puts people here needs a seat plan and a file.
    waiting = WaitingEntry.objects.create(
        training_day=day,
        position=1,
        email="kochi-waiting@example.jp",
        full_name="高知秘密の順番待ち",
    )
    kochi.planning.update(
        waiting=waiting,
        plan=plan,
        committee=plan.committee,
        member=member,
        milestone=milestone,
        day=day,
        item=item,
        meeting=meeting,
        action=action,
    )
