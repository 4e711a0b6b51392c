"""Calendars: RFC 5545 files re-read with icalendar, stable UIDs, SEQUENCE on edit, secret feeds."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts.models import Role
from planning.models import CalendarFeed
from planning.selectors.calendars import FEED_TOKEN_LENGTH
from planning.services.calendars import calendar_feed_issue, calendar_feed_revoke
from planning.services.meetings import meeting_save
from planning.services.training import role_assign, training_day_save
from tests.conftest import PASSWORD

TOKYO = ZoneInfo("Asia/Tokyo")
pytestmark = pytest.mark.django_db


def _events(response) -> dict:
    calendar = Calendar.from_ical(response.content)
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Tokyo"
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)


def test_meeting_ics_times_uid_and_sequence_after_an_edit(client, oita_plan, make_member):
    member = make_member(oita_plan)
    _login(client, member.user)
    meeting = oita_plan.meetings.order_by("starts_at").first()
    url = reverse("planning:meeting_ics", kwargs={"meeting_id": meeting.pk})

    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VTIMEZONE" in first.content and b"TZID=Asia/Tokyo" in first.content
    ((uid, event),) = _events(first).items()
    assert uid == f"meeting-{meeting.pk}@planning.tsunagu"
    assert event["SEQUENCE"] == 0
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) == "Asia/Tokyo"
    assert start == meeting.starts_at and event.decoded("DTEND") == meeting.ends_at
    assert start.hour == 14  # the ひな形's 14:00 in Japan, not shifted to UTC

    # Downloading again without an edit keeps the SEQUENCE.
    assert _events(client.get(url))[uid]["SEQUENCE"] == 0

    day = meeting.starts_at.astimezone(TOKYO).date()
    meeting_save(
        plan=oita_plan,
        meeting=meeting,
        title="第1回 検討会議（時間変更）",
        starts_at=datetime.combine(day, time(15, 0), TOKYO),
        ends_at=datetime.combine(day, time(17, 30), TOKYO),
        place="大分県庁 会議室",
    )
    edited = _events(client.get(url))[uid]
    assert edited["SEQUENCE"] == 1
    assert edited.decoded("DTSTART") == datetime.combine(day, time(15, 0), TOKYO)
    assert edited.decoded("DTEND") == datetime.combine(day, time(17, 30), TOKYO)
    assert str(edited["SUMMARY"]) == "第1回 検討会議（時間変更）"
    assert str(edited["LOCATION"]) == "大分県庁 会議室"


def test_training_day_ics_and_its_sequence(client, first_day, make_member):
    member = make_member(first_day.plan)
    _login(client, member.user)
    url = reverse("planning:day_ics", kwargs={"day_id": first_day.pk})
    ((uid, event),) = _events(client.get(url)).items()
    assert uid == f"training-{first_day.pk}@planning.tsunagu"
    assert event.decoded("DTSTART") == datetime.combine(first_day.date, time(9, 30), TOKYO)
    assert "10:00–11:00 講義A" in str(event["DESCRIPTION"])
    training_day_save(
        plan=first_day.plan,
        day=first_day,
        title=first_day.title,
        date=first_day.date,
        starts_at=time(10, 0),
        ends_at=time(16, 30),
        venue="ホルトホール大分",
    )
    again = _events(client.get(url))[uid]
    assert again["SEQUENCE"] == 1
    assert again.decoded("DTSTART") == datetime.combine(first_day.date, time(10, 0), TOKYO)


def test_ics_of_another_prefecture_or_a_plain_trainee_is_404(
    client, oita_plan, first_day, kochi, make_person
):
    meeting = oita_plan.meetings.first()
    for user in (make_person(kochi, Role.COMMITTEE), make_person(oita_plan.committee.prefecture)):
        _login(client, user)
        assert client.get(reverse("planning:meeting_ics", args=[meeting.pk])).status_code == 404
        assert client.get(reverse("planning:day_ics", args=[first_day.pk])).status_code == 404


def test_secret_feed_shows_only_the_owners_events(client, first_day, make_member, kochi):
    plan = first_day.plan
    mine, other = make_member(plan), make_member(plan)
    lecture = first_day.items.get(subject="講義A")
    role_assign(item=lecture, role="lecturer", member=mine)
    later_day = plan.training_days.exclude(pk=first_day.pk).first()
    feed = calendar_feed_issue(user=mine.user)
    assert len(feed.token) == FEED_TOKEN_LENGTH

    response = client.get(reverse("planning:calendar_feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    uids = set(_events(response))
    assert f"training-{first_day.pk}@planning.tsunagu" in uids
    assert f"training-{later_day.pk}@planning.tsunagu" not in uids  # no role of theirs
    assert {f"meeting-{m.pk}@planning.tsunagu" for m in plan.meetings.all()} <= uids

    # Someone else's feed carries no day the owner has no role on.
    other_feed = calendar_feed_issue(user=other.user)
    other_uids = set(
        _events(client.get(reverse("planning:calendar_feed", args=[other_feed.token])))
    )
    assert f"training-{first_day.pk}@planning.tsunagu" not in other_uids


def test_wrong_revoked_or_rotated_tokens_are_404(client, oita_plan, make_member):
    member = make_member(oita_plan)
    old = calendar_feed_issue(user=member.user).token
    new = calendar_feed_issue(user=member.user).token
    assert old != new

    def status(token):
        return client.get(f"/planning/calendar/{token}.ics").status_code

    assert status(old) == 404
    assert status(new) == 200
    assert status("x" * FEED_TOKEN_LENGTH) == 404
    assert status(new[:-1]) == 404
    assert status("%00" + new[3:]) == 404
    calendar_feed_revoke(user=member.user)
    assert status(new) == 404
    assert not CalendarFeed.objects.filter(user=member.user).exists()


def test_a_member_who_lost_the_role_sees_an_empty_feed(client, oita_plan, make_member):
    member = make_member(oita_plan)
    token = calendar_feed_issue(user=member.user).token
    member.user.memberships.filter(role=Role.COMMITTEE).delete()
    response = client.get(reverse("planning:calendar_feed", args=[token]))
    assert response.status_code == 200
    assert _events(response) == {}


def test_settings_page_issues_and_revokes(client, oita_plan, make_member, make_person):
    member = make_member(oita_plan)
    _login(client, member.user)
    assert client.get(reverse("planning:calendar_settings")).status_code == 200
    assert client.get(reverse("planning:calendar_issue")).status_code == 405
    client.post(reverse("planning:calendar_issue"))
    feed = CalendarFeed.objects.get(user=member.user)
    page = client.get(reverse("planning:calendar_settings"))
    assert feed.token in page.content.decode()
    client.post(reverse("planning:calendar_revoke"))
    assert not CalendarFeed.objects.filter(user=member.user).exists()

    trainee = make_person(oita_plan.committee.prefecture)
    _login(client, trainee)
    assert client.get(reverse("planning:calendar_settings")).status_code == 404
    assert client.post(reverse("planning:calendar_issue")).status_code == 404
