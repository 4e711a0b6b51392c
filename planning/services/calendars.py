"""Writes for calendars: a person's secret feed, and each event's SEQUENCE as it changes."""

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.ics import CalendarEvent, event_uid
from planning.models import CalendarFeed, EventKind, EventRevision, PlanningMeeting, TrainingDay
from planning.services.errors import PlanningError


@transaction.atomic
def calendar_feed_issue(*, user) -> CalendarFeed:
    """Give the person a new secret feed address; any address they had stops working at once."""
    CalendarFeed.objects.select_for_update().filter(user=user).delete()
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))
    except IntegrityError as exc:  # the same person pressing the button twice at once
        raise PlanningError(
            "busy", _("カレンダーのアドレスを発行中です。もう一度お試しください。")
        ) from exc


@transaction.atomic
def calendar_feed_revoke(*, user) -> None:
    """Stop the person's feed address; calendar apps reading it get nothing more."""
    CalendarFeed.objects.filter(user=user).delete()


def _meeting_event(meeting: PlanningMeeting, site_url: str) -> dict:
    location = meeting.place or meeting.online_url
    description = meeting.agenda
    if meeting.online_url and meeting.place:
        description = "\n".join(filter(None, [description, meeting.online_url]))
    return {
        "kind": EventKind.MEETING,
        "plan_id": meeting.plan_id,
        "object_id": meeting.pk,
        "summary": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "location": location,
        "description": description,
        "url": site_url + reverse("planning:meeting_detail", kwargs={"meeting_id": meeting.pk}),
    }


def _day_event(day: TrainingDay, site_url: str) -> dict:
    def at(moment) -> datetime:
        return timezone.make_aware(datetime.combine(day.date, moment))

    lines = [
        f"{item.starts_at:%H:%M}–{item.ends_at:%H:%M} {item.subject}" for item in day.items.all()
    ]
    return {
        "kind": EventKind.TRAINING,
        "plan_id": day.plan_id,
        "object_id": day.pk,
        "summary": day.title,
        "starts_at": at(day.starts_at),
        "ends_at": at(day.ends_at),
        "location": day.venue,
        "description": "\n".join(lines),
        "url": site_url + reverse("planning:day_timetable", kwargs={"day_id": day.pk}),
    }


def _fingerprint(event: dict) -> str:
    shown = "\x1f".join(
        str(event[key])
        for key in ("summary", "starts_at", "ends_at", "location", "description", "url")
    )
    return hashlib.sha256(shown.encode()).hexdigest()


@transaction.atomic
def calendar_events_stamp(
    *,
    meetings: Iterable[PlanningMeeting] = (),
    days: Iterable[TrainingDay] = (),
    site_url: str,
) -> list[CalendarEvent]:
    """The events as calendars carry them, each SEQUENCE raised if it changed since last sent.

    Whatever screen edited a meeting or day, the change shows here, so every edit path
    raises the SEQUENCE without each having to remember to.
    """
    site_url = site_url.rstrip("/")
    shown = [_meeting_event(m, site_url) for m in meetings] + [
        _day_event(d, site_url) for d in days
    ]
    if not shown:
        return []
    now = timezone.now()
    revisions = {
        (r.kind, r.object_id): r
        for r in EventRevision.objects.select_for_update().filter(
            object_id__in={event["object_id"] for event in shown}
        )
    }
    events = []
    for event in shown:
        fingerprint = _fingerprint(event)
        key = (event["kind"], event["object_id"])
        revision = revisions.get(key)
        if revision is None:
            revision, _created = EventRevision.objects.get_or_create(
                kind=event["kind"],
                object_id=event["object_id"],
                defaults={
                    "plan_id": event["plan_id"],
                    "fingerprint": fingerprint,
                    "changed_at": now,
                },
            )
        if revision.fingerprint != fingerprint:
            revision.fingerprint, revision.changed_at = fingerprint, now
            revision.sequence += 1
            revision.save(update_fields=["fingerprint", "sequence", "changed_at"])
        events.append(
            CalendarEvent(
                uid=event_uid(event["kind"], event["object_id"]),
                summary=event["summary"],
                starts_at=event["starts_at"],
                ends_at=event["ends_at"],
                sequence=revision.sequence,
                changed_at=revision.changed_at,
                location=event["location"],
                description=event["description"],
                url=event["url"],
            )
        )
    return events
