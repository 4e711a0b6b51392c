"""The record of a workshop after the session: posts by group and phase, highlights, attendance."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import Role
from workshops.models import Attendance, GroupMember, Post, Workshop
from workshops.permissions import JOINING_STATUSES, RecordAccess

FULL_RECORD = RecordAccess(full=True)


@dataclass
class PhaseBlock:
    """One phase's posts on one group's board."""

    name: str
    posts: list[Post] = field(default_factory=list)


@dataclass
class GroupRecord:
    """One group: its members and its posts by phase."""

    name: str
    members: list[str]
    phases: list[PhaseBlock]


@dataclass
class AttendanceRow:
    """One person's time in the live session, merged over all their connections."""

    name: str
    furigana: str
    organisation: str
    municipality: str
    group: str
    #: None for an enrolled trainee who never connected (欠席)
    first_join: datetime | None
    last_leave: datetime | None
    minutes: int

    @property
    def absent(self) -> bool:
        return self.first_join is None


@dataclass
class WorkshopRecord:
    """Everything the record page and the exports show, cut to what the reader may see."""

    workshop: Workshop
    groups: list[GroupRecord]
    highlights: list[Post]
    attendance: list[AttendanceRow]
    #: every group and the attendance (facilitators, administrators), or one trainee's part
    full: bool = True
    #: a trainee's view when they were placed in no group: highlights only
    without_group: bool = False


def _connected_minutes(intervals: list[tuple[datetime, datetime]]) -> int:
    """Minutes covered by the intervals, counting overlapping connections (two tabs) once."""
    total = timedelta()
    current_start = current_end = None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return round(total.total_seconds() / 60)


def _attendance(workshop: Workshop, group_names: dict[int, str]) -> list[AttendanceRow]:
    # Read through the workshop the caller was allowed to open, so its prefecture bounds them.
    places = {
        row[0]: (row[1] or "", row[2] or "")
        for row in workshop.cohort.prefecture.memberships.filter(role=Role.TRAINEE).values_list(
            "user_id", "organisation__name", "organisation__municipality_text"
        )
    }
    by_user: dict[int, list[Attendance]] = {}
    for row in workshop.attendance.select_related("user"):
        by_user.setdefault(row.user_id, []).append(row)
    now = timezone.now()
    rows = []
    # Every enrolled trainee has a row, so the absent are listed as 欠席, not left out.
    enrolled = workshop.cohort.enrollments.filter(status__in=JOINING_STATUSES).select_related(
        "trainee"
    )
    for enrollment in enrolled:
        if enrollment.trainee_id in by_user:
            continue
        person = enrollment.trainee
        organisation, town = places.get(person.pk, ("", ""))
        rows.append(
            AttendanceRow(
                name=person.get_full_name(),
                furigana=person.furigana,
                organisation=organisation,
                municipality=town,
                group=group_names.get(person.pk, ""),
                first_join=None,
                last_leave=None,
                minutes=0,
            )
        )
    for user_id, visits in by_user.items():
        person = visits[0].user
        open_visit = any(v.left_at is None for v in visits)
        organisation, town = places.get(user_id, ("", ""))
        rows.append(
            AttendanceRow(
                name=person.get_full_name(),
                furigana=person.furigana,
                organisation=organisation,
                municipality=town,
                group=group_names.get(user_id, ""),
                first_join=min(v.joined_at for v in visits),
                last_leave=None if open_visit else max(v.left_at for v in visits),
                minutes=_connected_minutes([(v.joined_at, v.left_at or now) for v in visits]),
            )
        )
    rows.sort(key=lambda row: (row.group, row.furigana, row.name))
    return rows


def workshop_record(workshop: Workshop, access: RecordAccess = FULL_RECORD) -> WorkshopRecord:
    """Build the record in a fixed number of queries, whatever the number of posts.

    A trainee's access keeps only their own group's board and leaves the attendance out;
    the highlights were shown to everyone on the plenary screen, so they stay.
    """
    phases = list(workshop.phases.order_by("order"))
    shown_groups = workshop.groups.order_by("number")
    if not access.full:
        shown_groups = shown_groups.filter(pk=access.group_id)
    groups = list(
        shown_groups.prefetch_related(
            Prefetch("members", queryset=GroupMember.objects.select_related("trainee")),
            Prefetch("posts", queryset=Post.objects.select_related("author").order_by("seq")),
        )
    )
    group_names: dict[int, str] = {}
    records = []
    for group in groups:
        for member in group.members.all():
            group_names[member.trainee_id] = group.name
        blocks = {phase.pk: PhaseBlock(phase.name) for phase in phases}
        other = PhaseBlock("フェーズなし")
        for post in group.posts.all():
            blocks.get(post.phase_id, other).posts.append(post)
        shown = [block for block in blocks.values() if block.posts]
        if other.posts:
            shown.append(other)
        records.append(
            GroupRecord(
                name=group.name,
                members=[m.trainee.get_full_name() for m in group.members.all()],
                phases=shown,
            )
        )
    highlights = [
        row.post for row in workshop.highlights.select_related("post__author", "post__group")
    ]
    return WorkshopRecord(
        workshop=workshop,
        groups=records,
        highlights=highlights,
        attendance=_attendance(workshop, group_names) if access.full else [],
        full=access.full,
        without_group=not access.full and access.group_id is None,
    )
