"""Reads shared by the workshop pages, the live socket and the record."""

from collections import defaultdict

from django.db.models import Prefetch, Q
from django.utils import timezone

from base.converters import parse_id
from workshops.models import (
    Announcement,
    Attendance,
    GroupMember,
    Highlight,
    Post,
    Workshop,
    WorkshopGroup,
)
from workshops.permissions import JOINING_STATUSES, workshops_visible_to
from workshops.services import remaining_seconds

CATCH_UP_LIMIT = 500


def is_row_id(value) -> bool:
    """Whether a value from a frame could name a row: an int (never a bool or a string) in range.

    Frames are JSON, so unlike a form or a URL an id arrives typed; `true` is not user 1.
    The range and the refusal of booleans are the converter's (parse_id), kept in one place.
    """
    return isinstance(value, int) and parse_id(value) is not None


def workshop_trainee(workshop: Workshop, user_id):
    """The person a facilitator names by id, looked up only among the workshop's own trainees.

    Those are the cohort's enrolled trainees and anyone still placed in its groups (a
    trainee who withdrew stays listed on the setup page until taken out). Anyone else,
    an unknown id, another prefecture's person or a non-member, is None alike, so no
    answer built on this can tell them apart or name them.
    """
    from accounts.models import User

    if not is_row_id(user_id):
        return None
    enrolled = workshop.cohort.enrollments.filter(status__in=JOINING_STATUSES).values("trainee_id")
    placed = GroupMember.objects.filter(workshop=workshop).values("trainee_id")
    return User.objects.filter(Q(pk__in=enrolled) | Q(pk__in=placed), pk=user_id).first()


def upcoming_for(user) -> list[Workshop]:
    """Workshops not yet ended that the person runs, joins or administers, soonest first."""
    return list(
        workshops_visible_to(user)
        .exclude(status=Workshop.Status.ENDED)
        .select_related("cohort")
        .order_by("starts_at")[:10]
    )


def recently_ended_for(user, *, limit: int = 5) -> list[Workshop]:
    """Ended workshops the person took part in or ran, latest first, for their records."""
    return list(
        workshops_visible_to(user)
        .filter(status=Workshop.Status.ENDED)
        .select_related("cohort")
        .order_by("-starts_at")[:limit]
    )


def group_of(workshop_id: int, user) -> WorkshopGroup | None:
    """The trainee's group in the workshop, if any."""
    member = (
        GroupMember.objects.filter(workshop_id=workshop_id, trainee=user)
        .select_related("group")
        .first()
    )
    return member.group if member else None


def post_data(post: Post) -> dict:
    """A post as the protocol sends it."""
    return {
        "id": post.pk,
        "group_id": post.group_id,
        "seq": post.seq,
        "kind": post.kind,
        "kind_label": str(post.get_kind_display()),
        "text": post.text,
        "author": post.author.get_full_name(),
        "author_id": post.author_id,
        "phase_id": post.phase_id,
        "created_at": post.created_at.isoformat(),
        "client_id": post.client_id,
    }


def timer_data(workshop: Workshop) -> dict:
    """The shared timer: browsers only display it, from the server's numbers."""
    now = timezone.now()
    return {
        "running": workshop.timer_deadline is not None,
        "deadline": workshop.timer_deadline.isoformat() if workshop.timer_deadline else None,
        "remaining_seconds": remaining_seconds(workshop, now),
        "server_time": now.isoformat(),
    }


def phase_data(workshop: Workshop) -> dict | None:
    """The current phase with its place in the list, instructions and prompts."""
    phases = list(workshop.phases.order_by("order"))
    for index, phase in enumerate(phases, start=1):
        if phase.pk == workshop.current_phase_id:
            return {
                "id": phase.pk,
                "index": index,
                "count": len(phases),
                "name": phase.name,
                "minutes": phase.minutes,
                "instructions": phase.instructions,
                "prompts": phase.prompt_list(),
            }
    return None


def announcement_data(announcement: Announcement) -> dict:
    """An announcement as the protocol sends it."""
    return {
        "id": announcement.pk,
        "text": announcement.text,
        "author": announcement.author.get_full_name(),
        "created_at": announcement.created_at.isoformat(),
    }


def highlights_data(workshop_id: int) -> list[dict]:
    """Posts brought to the plenary, oldest first."""
    rows = Highlight.objects.filter(workshop_id=workshop_id).select_related(
        "post__author", "post__group"
    )
    return [{**post_data(row.post), "group_name": row.post.group.name} for row in rows]


def connected_user_ids(workshop_id: int) -> set[int]:
    """People with an open connection to the session."""
    return set(
        Attendance.objects.filter(workshop_id=workshop_id, left_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )


def roster_data(workshop: Workshop) -> list[dict]:
    """Every group with its members and who of them is connected (for the console)."""
    online = connected_user_ids(workshop.pk)
    groups = workshop.groups.order_by("number").prefetch_related(
        Prefetch("members", queryset=GroupMember.objects.select_related("trainee"))
    )
    return [
        {
            "id": group.pk,
            "name": group.name,
            "last_seq": group.last_seq,
            "members": [
                {
                    "id": member.trainee_id,
                    "name": member.trainee.get_full_name(),
                    "online": member.trainee_id in online,
                }
                for member in sorted(group.members.all(), key=lambda m: m.trainee.furigana)
            ],
        }
        for group in groups
    ]


def state_data(
    workshop: Workshop, *, group: WorkshopGroup | None, console: bool, watching: bool = False
) -> dict:
    """The `state` frame: everything a board or console needs to draw itself."""
    role = ("observer" if watching else "facilitator") if console else "trainee"
    announcements = Announcement.objects.filter(workshop=workshop).select_related("author")
    data = {
        "type": "state",
        "workshop": {
            "id": workshop.pk,
            "title": workshop.title,
            "status": workshop.status,
        },
        "role": role,
        "group": {"id": group.pk, "name": group.name} if group else None,
        "phase": phase_data(workshop),
        "timer": timer_data(workshop),
        "announcements": [announcement_data(row) for row in announcements],
        "highlights": highlights_data(workshop.pk),
    }
    if console:
        data["groups"] = roster_data(workshop)
    return data


def posts_after(group_ids_to_seq: dict[int, int]) -> dict[int, list[dict]]:
    """Posts each group received after the number the browser saw, oldest first."""
    missed: dict[int, list[dict]] = defaultdict(list)
    for group_id, seq in group_ids_to_seq.items():
        rows = (
            Post.objects.filter(group_id=group_id, seq__gt=seq)
            .select_related("author")
            .order_by("seq")[:CATCH_UP_LIMIT]
        )
        missed[group_id] = [post_data(post) for post in rows]
    return missed


def workshop_for_socket(workshop_id: int) -> Workshop | None:
    """The workshop a socket connects to, with what authorisation reads."""
    return Workshop.objects.select_related("cohort").filter(pk=workshop_id).first()


def post_kinds() -> list[tuple[str, str]]:
    """The kinds a post may have, as (value, label) for the board's form."""
    from workshops.models import PostKind

    return list(PostKind.choices)


def member_ids(workshop: Workshop) -> list[int]:
    """Everyone placed in a group of the workshop."""
    return list(GroupMember.objects.filter(workshop=workshop).values_list("trainee_id", flat=True))


def setup_groups(workshop: Workshop) -> dict:
    """Groups with their members' workplaces and towns, and the enrolled trainees not yet placed."""
    from accounts.models import Membership, Role
    from workshops.services import enrolled_trainees

    places = {
        row[0]: (row[1] or "", row[2] or "")
        for row in Membership.objects.filter(
            prefecture_id=workshop.cohort.prefecture_id, role=Role.TRAINEE
        ).values_list("user_id", "organisation__name", "organisation__municipality_text")
    }
    groups = list(
        workshop.groups.order_by("number").prefetch_related(
            Prefetch("members", queryset=GroupMember.objects.select_related("trainee"))
        )
    )
    placed = set()
    for group in groups:
        group.people = []
        for member in group.members.all():
            placed.add(member.trainee_id)
            organisation, town = places.get(member.trainee_id, ("", ""))
            group.people.append(
                {"user": member.trainee, "organisation": organisation, "municipality": town}
            )
    unplaced = [
        {
            "user": person,
            **dict(
                zip(("organisation", "municipality"), places.get(person.pk, ("", "")), strict=True)
            ),
        }
        for person in enrolled_trainees(workshop)
        if person.pk not in placed
    ]
    return {"groups": groups, "unplaced": unplaced}


def cohort_workshops(cohort_ids) -> dict[int, list[Workshop]]:
    """For each cohort id, its workshops in start order, for completion checklists (one query)."""
    found: dict[int, list[Workshop]] = {pk: [] for pk in cohort_ids}
    rows = (
        Workshop.objects.filter(cohort_id__in=list(found))
        .order_by("starts_at", "pk")
        .only("id", "cohort_id", "title", "starts_at", "status")
    )
    for workshop in rows:
        found[workshop.cohort_id].append(workshop)
    return found


def attended_user_ids(workshop_ids) -> dict[int, set[int]]:
    """For each workshop id, the people who joined its live session at least once (one query)."""
    attended: dict[int, set[int]] = {pk: set() for pk in workshop_ids}
    rows = (
        Attendance.objects.filter(workshop_id__in=list(attended))
        .values_list("workshop_id", "user_id")
        .distinct()
    )
    for workshop_id, user_id in rows:
        attended[workshop_id].add(user_id)
    return attended
