"""URL routes of planning: each part's views module lists its own."""

from planning.views import (
    calendars,
    committee,
    meetings,
    plans,
    retrospective,
    roster,
    seats,
    training,
)

app_name = "planning"

urlpatterns = [
    *plans.urlpatterns,
    *committee.urlpatterns,
    *training.urlpatterns,
    *meetings.urlpatterns,
    *calendars.urlpatterns,
    *roster.urlpatterns,
    *seats.urlpatterns,
    *retrospective.urlpatterns,
]
