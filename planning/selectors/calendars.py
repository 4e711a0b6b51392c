"""Reads for calendars: the events a person may download, and the owner of a secret feed."""

from django.db.models import QuerySet

from planning import permissions
from planning.models import CalendarFeed, CommitteeMember, PlanningMeeting, TrainingDay

#: a feed key is secrets.token_urlsafe(32): 43 characters of A–Z, a–z, 0–9, - and _
FEED_TOKEN_LENGTH = 43
_TOKEN_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def meeting_for_calendar(user, meeting_id: int) -> PlanningMeeting | None:
    """A meeting the person plans, for its .ics; None means 404."""
    return (
        PlanningMeeting.objects.filter(plan__in=permissions.plans_editable_by(user))
        .select_related("plan")
        .filter(pk=meeting_id)
        .first()
    )


def day_for_calendar(user, day_id: int) -> TrainingDay | None:
    """A training day the person plans or attends, with its timetable, for its .ics."""
    return (
        TrainingDay.objects.filter(pk__in=permissions.training_days_attended_by(user).values("pk"))
        .prefetch_related("items")
        .filter(pk=day_id)
        .first()
    )


def may_have_feed(user) -> bool:
    """A personal feed is for people who sit on a committee where they still hold the role."""
    return own_seats(user).exists()


def own_seats(user) -> QuerySet[CommitteeMember]:
    """The person's committee seats, in prefectures where they still plan."""
    if not getattr(user, "is_authenticated", False):
        return CommitteeMember.objects.none()
    return CommitteeMember.objects.for_user(user, roles=permissions.EDIT_ROLES).filter(user=user)


def feed_of(user) -> CalendarFeed | None:
    """The person's feed, if they have one."""
    return CalendarFeed.objects.filter(user=user).first()


def feed_owner(token: str):
    """Whose feed a secret key opens, or None for any key that is not a live one."""
    if len(token) != FEED_TOKEN_LENGTH or not set(token) <= _TOKEN_CHARACTERS:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def own_events(user) -> tuple[list[PlanningMeeting], list[TrainingDay]]:
    """One person's own events: their committees' meetings and the days they hold a role on."""
    seats = own_seats(user)
    meetings = (
        PlanningMeeting.objects.filter(plan__committee__members__in=seats)
        .select_related("plan")
        .distinct()
        .order_by("starts_at", "pk")
    )
    days = (
        TrainingDay.objects.filter(items__roles__member__in=seats)
        .select_related("plan")
        .prefetch_related("items")
        .distinct()
        .order_by("date", "starts_at", "pk")
    )
    return list(meetings), list(days)
