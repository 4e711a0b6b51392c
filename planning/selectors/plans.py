"""Reads of a plan that views share: one snapshot loaded in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone

from planning import permissions
from planning.dates import month_starts
from planning.models import (
    AgendaItem,
    AnnualPlan,
    CommitteeMember,
    Milestone,
    PlanningMeeting,
    RoleAssignment,
    SeatAllocation,
    TrainingDay,
)


@dataclass
class PlanSnapshot:
    """Everything on a plan, loaded once, for the plan page, the timeline and the checks."""

    plan: AnnualPlan
    milestones: list[Milestone]
    meetings: list[PlanningMeeting]
    days: list[TrainingDay]
    members: list[CommitteeMember] = field(default_factory=list)
    #: training day id -> seats shared out there, for days whose seats are shared
    seat_totals: dict[int, int] = field(default_factory=dict)
    #: meeting id -> the members who attend it
    attendance: dict[int, list[CommitteeMember]] = field(default_factory=dict)
    #: training day id -> its timetable, by start
    items: dict[int, list[AgendaItem]] = field(default_factory=dict)
    #: agenda item id -> its roles, each holder already loaded
    roles: dict[int, list[RoleAssignment]] = field(default_factory=dict)

    def items_of(self, day: TrainingDay) -> list[AgendaItem]:
        """The day's agenda items, by start."""
        return self.items.get(day.pk, [])

    def roles_of(self, item: AgendaItem) -> list[RoleAssignment]:
        """The item's roles."""
        return self.roles.get(item.pk, [])


def training_days_with_timetable() -> QuerySet[TrainingDay]:
    """Training days with their items and each item's roles and holders, prefetched."""
    roles = RoleAssignment.objects.select_related("member__user").order_by("role")
    items = AgendaItem.objects.order_by("starts_at", "pk").prefetch_related(
        Prefetch("roles", queryset=roles)
    )
    return TrainingDay.objects.select_related("program", "cohort").prefetch_related(
        Prefetch("items", queryset=items)
    )


def plan_snapshot(plan: AnnualPlan) -> PlanSnapshot:
    """The plan with its milestones, meetings (with attendees) and days (with timetables).

    Every query orders within the plan only: the models' default orderings reach through
    the plan to the committee and prefecture, joins that cost more than the rows (profiled
    with bench.planning). Roles and attendance point at the members loaded once, instead
    of loading each holder's account again per role. Each day gets `item_count`.
    """
    members = list(
        CommitteeMember.objects.filter(committee_id=plan.committee_id)
        .select_related("user")
        .order_by("user__furigana", "user__email", "pk")
    )
    by_id = {member.pk: member for member in members}
    days = list(TrainingDay.objects.filter(plan=plan).order_by("date", "starts_at", "pk"))
    # Grouped here rather than by prefetch_related, which cost three times the queries'
    # own time building a queryset per day and per item.
    items: dict[int, list[AgendaItem]] = {day.pk: [] for day in days}
    for item in AgendaItem.objects.filter(training_day__plan=plan).order_by("starts_at", "pk"):
        items[item.training_day_id].append(item)
    roles: dict[int, list[RoleAssignment]] = {}
    for role in RoleAssignment.objects.filter(item__training_day__plan=plan).order_by(
        "item_id", "role"
    ):
        if role.member_id in by_id:
            role.member = by_id[role.member_id]
        roles.setdefault(role.item_id, []).append(role)
    for day in days:
        day.item_count = len(items[day.pk])
    attendance: dict[int, list[CommitteeMember]] = {}
    for meeting_id, member_id in (
        PlanningMeeting.attendees.through.objects.filter(planningmeeting__plan=plan)
        .order_by("pk")
        .values_list("planningmeeting_id", "committeemember_id")
    ):
        if member_id in by_id:
            attendance.setdefault(meeting_id, []).append(by_id[member_id])
    return PlanSnapshot(
        plan=plan,
        milestones=list(plan.milestones.order_by("due_on", "pk")),
        meetings=list(
            PlanningMeeting.objects.filter(plan=plan)
            .select_related("training_day")
            .order_by("starts_at", "pk")
        ),
        days=days,
        members=members,
        seat_totals=dict(
            SeatAllocation.objects.filter(seat_plan__training_day__plan=plan)
            .order_by()
            .values("seat_plan__training_day_id")
            .annotate(total=Sum("seats"))
            .values_list("seat_plan__training_day_id", "total")
        ),
        attendance=attendance,
        items=items,
        roles=roles,
    )


def plans_for(user) -> QuerySet[AnnualPlan]:
    """The plans a person may open, newest 年度 first."""
    return permissions.plans_editable_by(user).select_related("committee__prefecture")


def plan_for(user, plan_id: int) -> AnnualPlan | None:
    """One plan the person may open, or None (the view answers 404)."""
    return plans_for(user).filter(pk=plan_id).first()


@dataclass(frozen=True)
class TimelineEntry:
    """One thing on the timeline: what, when, and whether it is done, due or late."""

    kind: str
    title: str
    on: date
    state: str
    target_id: int


@dataclass
class TimelineMonth:
    """One month of the timeline and what falls in it."""

    start: date
    entries: list[TimelineEntry]


class TimelineState:
    """Where a timeline entry stands on a given day."""

    DONE, DUE, LATE, PLANNED = "done", "due", "late", "planned"


#: a milestone is "due" (not only planned) in the last two weeks before its date
DUE_WITHIN_DAYS = 14


def _state(on: date, done: bool, today: date) -> str:
    if done:
        return TimelineState.DONE
    if on < today:
        return TimelineState.LATE
    if (on - today).days <= DUE_WITHIN_DAYS:
        return TimelineState.DUE
    return TimelineState.PLANNED


def timeline(snapshot: PlanSnapshot, today: date | None = None) -> list[TimelineMonth]:
    """The plan month by month; meetings and days are done once held, milestones when ticked."""
    today = today or timezone.localdate()
    entries = [
        TimelineEntry(
            "milestone", m.title, m.due_on, _state(m.due_on, bool(m.done_on), today), m.pk
        )
        for m in snapshot.milestones
    ]
    for meeting in snapshot.meetings:
        on = timezone.localdate(meeting.starts_at)
        entries.append(
            TimelineEntry(
                "meeting",
                meeting.title,
                on,
                _state(on, on < today and bool(meeting.minutes), today),
                meeting.pk,
            )
        )
    for day in snapshot.days:
        entries.append(
            TimelineEntry(
                "training", day.title, day.date, _state(day.date, day.date < today, today), day.pk
            )
        )
    entries.sort(key=lambda e: (e.on, e.kind, e.target_id))
    months = [
        TimelineMonth(start, []) for start in month_starts(snapshot.plan.committee.fiscal_year)
    ]
    by_month = {(m.start.year, m.start.month): m for m in months}
    for entry in entries:
        month = by_month.get((entry.on.year, entry.on.month))
        if month is not None:
            month.entries.append(entry)
    return months
