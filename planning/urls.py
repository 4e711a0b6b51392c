"""URL routes of planning: each part's views module lists its own."""

app_name = "planning"

urlpatterns: list = []
