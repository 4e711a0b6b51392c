"""Views of calendars: each meeting's and day's .ics, and a person's secret feed."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from base.tables import download
from planning.ics import calendar_bytes
from planning.selectors import calendars as selectors
from planning.services.calendars import (
    calendar_events_stamp,
    calendar_feed_issue,
    calendar_feed_revoke,
)
from planning.services.errors import PlanningError
from planning.views.common import or_404

ICS_TYPE = "text/calendar; charset=utf-8"


def _site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL


@login_required
@require_GET
def meeting_ics(request, meeting_id: int):
    """One planning meeting as a .ics file."""
    meeting = or_404(selectors.meeting_for_calendar(request.user, meeting_id))
    events = calendar_events_stamp(meetings=[meeting], site_url=_site_url())
    content = calendar_bytes(events, name=meeting.title, now=timezone.now())
    return download(content, filename=f"meeting-{meeting.pk}.ics", content_type=ICS_TYPE)


@login_required
@require_GET
def day_ics(request, day_id: int):
    """One training day as a .ics file, for those who plan or attend it."""
    day = or_404(selectors.day_for_calendar(request.user, day_id))
    events = calendar_events_stamp(days=[day], site_url=_site_url())
    content = calendar_bytes(events, name=day.title, now=timezone.now())
    return download(content, filename=f"training-day-{day.pk}.ics", content_type=ICS_TYPE)


@login_required
def calendar_settings(request):
    """The person's secret feed address: issue it, issue a new one, or stop it."""
    if not selectors.may_have_feed(request.user):
        raise Http404
    feed = selectors.feed_of(request.user)
    feed_url = (
        _site_url().rstrip("/") + reverse("planning:calendar_feed", kwargs={"token": feed.token})
        if feed
        else ""
    )
    return TemplateResponse(
        request, "planning/calendar_settings.html", {"feed": feed, "feed_url": feed_url}
    )


@login_required
@require_POST
def calendar_issue(request):
    """Issue a new secret address; the old one stops working."""
    if not selectors.may_have_feed(request.user):
        raise Http404
    try:
        calendar_feed_issue(user=request.user)
    except PlanningError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("新しいアドレスを発行しました。前のアドレスはもう使えません。"))
    return redirect("planning:calendar_settings")


@login_required
@require_POST
def calendar_revoke(request):
    """Stop the secret address."""
    if not selectors.may_have_feed(request.user):
        raise Http404
    calendar_feed_revoke(user=request.user)
    messages.success(request, _("カレンダーのアドレスを停止しました。"))
    return redirect("planning:calendar_settings")


@never_cache
@require_GET
def calendar_feed(request, token: str):
    """The secret feed a calendar app reads without signing in: one person's own events only."""
    owner = or_404(selectors.feed_owner(token))
    meetings, days = selectors.own_events(owner)
    events = calendar_events_stamp(meetings=meetings, days=days, site_url=_site_url())
    content = calendar_bytes(events, name=_("つなぐ 研修の予定"), now=timezone.now())
    response = HttpResponse(content, content_type=ICS_TYPE)
    # The address is the key: keep it out of shared caches and of other sites' logs.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns = [
    path("meetings/<id:meeting_id>/calendar.ics", meeting_ics, name="meeting_ics"),
    path("days/<id:day_id>/calendar.ics", day_ics, name="day_ics"),
    path("calendar/", calendar_settings, name="calendar_settings"),
    path("calendar/issue/", calendar_issue, name="calendar_issue"),
    path("calendar/revoke/", calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
]
