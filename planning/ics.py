"""RFC 5545 calendars of planning events, with the Asia/Tokyo VTIMEZONE calendar apps need."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

#: every event is written in Japan's time; Outlook shifts times when the VTIMEZONE is missing
TOKYO = ZoneInfo("Asia/Tokyo")
#: the product named in every file, as RFC 5545 PRODID asks
PRODID = "-//Tsunagu//Planning//JA"
#: the right-hand side of every UID: fixed, so an event keeps its UID whatever host serves it
UID_DOMAIN = "planning.tsunagu"


@dataclass(frozen=True)
class CalendarEvent:
    """One meeting or training day as a calendar app sees it."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    sequence: int
    changed_at: datetime
    location: str = ""
    description: str = ""
    url: str = ""


def event_uid(kind: str, object_id: int) -> str:
    """The event's UID: the same for the life of the meeting or day, whatever is edited."""
    return f"{kind}-{object_id}@{UID_DOMAIN}"


def calendar_bytes(events: Iterable[CalendarEvent], *, name: str, now: datetime) -> bytes:
    """The events as one VCALENDAR, times in Asia/Tokyo with its VTIMEZONE block."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    # Japan has kept one offset since 1951: one STANDARD block covers every date we hold.
    calendar.add_component(Timezone.from_tzinfo(TOKYO, tzid="Asia/Tokyo"))
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now.astimezone(ZoneInfo("UTC")))
        event.add("last-modified", item.changed_at.astimezone(ZoneInfo("UTC")))
        event.add("sequence", item.sequence)
        event.add("summary", item.summary)
        event.add("dtstart", item.starts_at.astimezone(TOKYO))
        event.add("dtend", item.ends_at.astimezone(TOKYO))
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    return calendar.to_ical()
