"""大分県's planning for the bad-input corpus: one plan with one of each object its forms edit.

Every object lands in `world.planning[name]`.
"""

from datetime import time


def build(world) -> None:
    """A plan of 大分県 with a seated committee member, a timetable slot, a meeting and an action."""
    from allauth.account.models import EmailAddress

    from accounts import services as account_services
    from accounts.models import Role, User
    from planning.models import WaitingEntry
    from planning.services.committee import committee_member_add
    from planning.services.meetings import action_item_save
    from planning.services.plans import plan_create
    from planning.services.training import agenda_item_save, role_assign, training_day_save

    plan = plan_create(prefecture=world.oita, fiscal_year=2026)
    person = User.objects.create_user(
        email="planning-member@example.jp", full_name="企画 委員", furigana="きかく いいん"
    )
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    account_services.membership_grant(user=person, prefecture=world.oita, role=Role.COMMITTEE)
    member = committee_member_add(committee=plan.committee, user=person)
    day = plan.training_days.order_by("date").first()
    day = training_day_save(
        plan=plan,
        day=day,
        title=day.title,
        date=day.date,
        starts_at=day.starts_at,
        ends_at=day.ends_at,
        cohort=world.cohort,
    )
    item = agenda_item_save(
        day=day, starts_at=time(10), ends_at=time(11), subject="講義", kind="lecture"
    )
    role_assign(item=item, role="lecturer", member=member)
    meeting = plan.meetings.order_by("starts_at").first()
    action = action_item_save(meeting=meeting, title="資料を作る", owner=member, due_on=day.date)
    # Written straight in: the roster import that puts people here needs a seat plan and a file.
    waiting = WaitingEntry.objects.create(
        training_day=day, position=1, email="waiting@example.jp", full_name="順番 待子"
    )
    world.planning.update(
        waiting=waiting,
        plan=plan,
        committee=plan.committee,
        member=member,
        milestone=plan.milestones.order_by("due_on").first(),
        day=day,
        item=item,
        meeting=meeting,
        action=action,
    )
