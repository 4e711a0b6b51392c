"""Template context every page needs."""

from django.conf import settings

from base.navigation import items_for


def site(request) -> dict:
    """The role-based navigation and site switches for the base layout."""
    return {
        "nav_items": items_for(getattr(request, "user", None), request),
        "open_signup": settings.OPEN_SIGNUP,
    }
