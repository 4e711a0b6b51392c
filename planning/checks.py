"""The plan's checks: each function finds one kind of problem and says it in Japanese.

Every check reads a PlanSnapshot already in memory, so running them all costs no query.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from planning.dates import closed_reason
from planning.models import REQUIRED_ROLES, PlanningRole
from planning.selectors.plans import PlanSnapshot
from planning.services.seats import seats_total_problem

#: a role still empty this many days before its training day is flagged
UNASSIGNED_WITHIN_DAYS = 14


@dataclass(frozen=True)
class Problem:
    """One thing the committee should fix, and the days or meetings it is about."""

    code: str
    message: str
    on: date
    day_ids: frozenset[int] = frozenset()
    meeting_ids: frozenset[int] = frozenset()


def _d(day: date) -> str:
    return day.strftime("%Y年%-m月%-d日")


def _t(at: time) -> str:
    return at.strftime("%H:%M")


def check_closed_days(snapshot: PlanSnapshot) -> list[Problem]:
    """A meeting or training day on a national holiday or a 閉庁日 (12/29–1/3)."""
    problems = []
    for meeting in snapshot.meetings:
        on = timezone.localdate(meeting.starts_at)
        if reason := closed_reason(on):
            problems.append(
                Problem(
                    "closed_day",
                    _("「%(title)s」の%(date)sは%(reason)sです。開庁日に移してください。")
                    % {"title": meeting.title, "date": _d(on), "reason": reason},
                    on,
                    meeting_ids=frozenset({meeting.pk}),
                )
            )
    for day in snapshot.days:
        if reason := closed_reason(day.date):
            problems.append(
                Problem(
                    "closed_day",
                    _("「%(title)s」の%(date)sは%(reason)sです。開庁日に移してください。")
                    % {"title": day.title, "date": _d(day.date), "reason": reason},
                    day.date,
                    day_ids=frozenset({day.pk}),
                )
            )
    return problems


@dataclass(frozen=True)
class _Booking:
    """One stretch of time a person is taken: a role in a slot, or a meeting they attend."""

    starts: datetime
    ends: datetime
    label: str
    event: tuple[str, int]
    day_id: int | None = None
    meeting_id: int | None = None


def _bookings(snapshot: PlanSnapshot) -> tuple[dict[tuple, list[_Booking]], dict[tuple, str]]:
    """Each person's bookings: members by id, 外部講師 by name and affiliation."""
    booked: dict[tuple, list[_Booking]] = defaultdict(list)
    names: dict[tuple, str] = {}
    for day in snapshot.days:
        for item in snapshot.items_of(day):
            starts = datetime.combine(day.date, item.starts_at)
            ends = datetime.combine(day.date, item.ends_at)
            seen: set[tuple] = set()
            for role in snapshot.roles_of(item):
                if role.member_id:
                    who = ("member", role.member_id)
                else:
                    who = ("lecturer", role.lecturer_name, role.lecturer_affiliation)
                names[who] = role.holder_name
                if who in seen:
                    continue  # two roles in one slot (講師役 and 資料作成役) are one booking
                seen.add(who)
                booked[who].append(
                    _Booking(
                        starts,
                        ends,
                        f"{day.title}「{item.subject}」",
                        ("item", item.pk),
                        day_id=day.pk,
                    )
                )
    for meeting in snapshot.meetings:
        starts = timezone.localtime(meeting.starts_at).replace(tzinfo=None)
        ends = timezone.localtime(meeting.ends_at).replace(tzinfo=None)
        for member in snapshot.attendance.get(meeting.pk, ()):
            who = ("member", member.pk)
            names[who] = str(member)
            booked[who].append(
                _Booking(
                    starts, ends, meeting.title, ("meeting", meeting.pk), meeting_id=meeting.pk
                )
            )
    return booked, names


def check_double_bookings(snapshot: PlanSnapshot) -> list[Problem]:
    """A person with roles in two slots at overlapping times, or on two events at once."""
    booked, names = _bookings(snapshot)
    problems = []
    for who, bookings in booked.items():
        bookings.sort(key=lambda b: (b.starts, b.ends))
        for index, first in enumerate(bookings):
            for second in bookings[index + 1 :]:
                if second.starts >= first.ends:
                    break
                if first.event == second.event:
                    continue
                problems.append(
                    Problem(
                        "double_booking",
                        _(
                            "%(name)sさんは%(date)s %(start)s–%(end)sの%(first)sと"
                            "%(second)sに同時に割り当てられています。"
                        )
                        % {
                            "name": names[who],
                            "date": _d(second.starts.date()),
                            "start": _t(second.starts.time()),
                            "end": _t(min(first.ends, second.ends).time()),
                            "first": first.label,
                            "second": second.label,
                        },
                        second.starts.date(),
                        day_ids=frozenset(b.day_id for b in (first, second) if b.day_id),
                        meeting_ids=frozenset(
                            b.meeting_id for b in (first, second) if b.meeting_id
                        ),
                    )
                )
    return problems


def check_unassigned_roles(snapshot: PlanSnapshot, today: date | None = None) -> list[Problem]:
    """A slot's required role still empty within 14 days of its training day."""
    today = today or timezone.localdate()
    problems = []
    for day in snapshot.days:
        left = (day.date - today).days
        if not 0 <= left <= UNASSIGNED_WITHIN_DAYS:
            continue
        for item in snapshot.items_of(day):
            held = {role.role for role in snapshot.roles_of(item)}
            for role in REQUIRED_ROLES.get(item.kind, ()):
                if role not in held:
                    problems.append(
                        Problem(
                            "unassigned_role",
                            _(
                                "「%(day)s」の「%(subject)s」の%(role)sが未定です（研修日まで%(left)s日）。"
                            )
                            % {
                                "day": day.title,
                                "subject": item.subject,
                                "role": PlanningRole(role).label,
                                "left": left,
                            },
                            day.date,
                            day_ids=frozenset({day.pk}),
                        )
                    )
    return problems


def check_timetables(snapshot: PlanSnapshot) -> list[Problem]:
    """A timetable running outside the day's hours, or with slots that overlap."""
    problems = []
    for day in snapshot.days:
        items = sorted(snapshot.items_of(day), key=lambda i: (i.starts_at, i.ends_at, i.pk))
        for item in items:
            if item.ends_at > day.ends_at or item.starts_at < day.starts_at:
                problems.append(
                    Problem(
                        "outside_day",
                        _(
                            "「%(day)s」の「%(subject)s」（%(start)s–%(end)s）が研修日の時間（%(day_start)s–%(day_end)s）からはみ出しています。"
                        )
                        % {
                            "day": day.title,
                            "subject": item.subject,
                            "start": _t(item.starts_at),
                            "end": _t(item.ends_at),
                            "day_start": _t(day.starts_at),
                            "day_end": _t(day.ends_at),
                        },
                        day.date,
                        day_ids=frozenset({day.pk}),
                    )
                )
        # each slot is compared with the one ending last before it, so a long slot is not missed
        longest = None
        for item in items:
            if longest is not None and item.starts_at < longest.ends_at:
                problems.append(
                    Problem(
                        "items_overlap",
                        _("「%(day)s」の「%(first)s」と「%(second)s」の時間が重なっています。")
                        % {"day": day.title, "first": longest.subject, "second": item.subject},
                        day.date,
                        day_ids=frozenset({day.pk}),
                    )
                )
            if longest is None or item.ends_at > longest.ends_at:
                longest = item
    return problems


def check_meetings_before_training(snapshot: PlanSnapshot) -> list[Problem]:
    """A meeting dated after the training day it plans."""
    days = {day.pk: day for day in snapshot.days}
    problems = []
    for meeting in snapshot.meetings:
        day = days.get(meeting.training_day_id)
        on = timezone.localdate(meeting.starts_at)
        if day is not None and on > day.date:
            problems.append(
                Problem(
                    "meeting_after_training",
                    _(
                        "「%(meeting)s」（%(date)s）が、検討する「%(day)s」（%(day_date)s）より後になっています。"
                    )
                    % {
                        "meeting": meeting.title,
                        "date": _d(on),
                        "day": day.title,
                        "day_date": _d(day.date),
                    },
                    on,
                    day_ids=frozenset({day.pk}),
                    meeting_ids=frozenset({meeting.pk}),
                )
            )
    return problems


def check_seats(snapshot: PlanSnapshot) -> list[Problem]:
    """Seats shared out beyond the venue's capacity, as when the capacity was lowered after."""
    problems = []
    for day in snapshot.days:
        total = snapshot.seat_totals.get(day.pk)
        problem = seats_total_problem(day.capacity, total) if total is not None else None
        if problem:
            problems.append(
                Problem(
                    code="seats",
                    message=_("「%(title)s」（%(date)s）: %(problem)s")
                    % {"title": day.title, "date": _d(day.date), "problem": problem},
                    on=day.date,
                    day_ids=frozenset({day.pk}),
                )
            )
    return problems


def plan_problems(snapshot: PlanSnapshot, today: date | None = None) -> list[Problem]:
    """Every check's problems over the plan, by date."""
    problems = [
        *check_closed_days(snapshot),
        *check_double_bookings(snapshot),
        *check_unassigned_roles(snapshot, today),
        *check_timetables(snapshot),
        *check_meetings_before_training(snapshot),
        *check_seats(snapshot),
    ]
    return sorted(problems, key=lambda p: (p.on, p.code, p.message))


def problems_for_day(problems: list[Problem], day_id: int) -> list[Problem]:
    """The problems a training day's page shows."""
    return [p for p in problems if day_id in p.day_ids]


def problems_for_meeting(problems: list[Problem], meeting_id: int) -> list[Problem]:
    """The problems a meeting's page shows."""
    return [p for p in problems if meeting_id in p.meeting_ids]
