"""Reads about meetings and what the committee members have to do."""

from django.db.models import Prefetch
from django.utils import timezone

from planning import permissions
from planning.models import (
    ActionItem,
    ActionState,
    CommitteeMember,
    PlanningMeeting,
    RoleAssignment,
)


def meeting_for(user, meeting_id: int) -> PlanningMeeting | None:
    """One meeting the person may open, with its plan, attendees and action items."""
    return (
        PlanningMeeting.objects.filter(plan__in=permissions.plans_editable_by(user))
        .select_related("plan__committee__prefecture", "training_day")
        .prefetch_related(
            Prefetch("attendees", queryset=CommitteeMember.objects.select_related("user")),
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner__user")),
        )
        .filter(pk=meeting_id)
        .first()
    )


def previous_meeting(meeting: PlanningMeeting) -> PlanningMeeting | None:
    """The meeting of the same plan held just before this one, whose minutes this one follows."""
    return (
        PlanningMeeting.objects.filter(plan_id=meeting.plan_id, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at", "-pk")
        .first()
    )


def mypage_planning(user) -> dict | None:
    """A committee member's open action items and roles on coming training days, for マイページ."""
    if not getattr(user, "is_authenticated", False):
        return None
    seats = CommitteeMember.objects.for_user(user, roles=permissions.EDIT_ROLES).filter(user=user)
    actions = list(
        ActionItem.objects.filter(owner__in=seats)
        .exclude(state=ActionState.DONE)
        .select_related("meeting")
        .order_by("due_on", "pk")
    )
    roles = list(
        RoleAssignment.objects.filter(
            member__in=seats, item__training_day__date__gte=timezone.localdate()
        )
        .select_related("item__training_day")
        .order_by("item__training_day__date", "item__starts_at", "role")
    )
    if not actions and not roles:
        return None
    return {"actions": actions, "roles": roles, "today": timezone.localdate()}
