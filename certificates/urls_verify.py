"""The public verify page, mounted at /verify/ (namespace "verify"): no sign-in."""

from django.urls import path

from certificates import verify

app_name = "verify"

urlpatterns = [
    path("", verify.verify_start, name="start"),
    # Not the id converter: a code is text, and a malformed one must get its own message.
    path("<str:code>/", verify.verify_code, name="code"),
]
