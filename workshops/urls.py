"""URLs of the workshop pages: each view module brings its own patterns."""

from workshops.views import live, record, setup

app_name = "workshops"

urlpatterns = [*live.urlpatterns, *setup.urlpatterns, *record.urlpatterns]
