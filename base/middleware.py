"""Request and response handling every page shares: the language, and security headers."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import NoReverseMatch, reverse
from django.utils import translation


def chosen_language(cookies) -> str:
    """The language chosen in the footer (its cookie), else Japanese: pages and sockets alike."""
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class JapaneseFirstLocaleMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language.

    Staff often use machines set up in English; the platform's audience reads
    Japanese, so only the explicit choice in the footer (a cookie) switches.
    """

    def process_request(self, request) -> None:
        translation.activate(chosen_language(request.COOKIES))
        request.LANGUAGE_CODE = translation.get_language()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, giving the Wagtail admin's prefix its own, looser policy.

    The site's pages keep the strict CONTENT_SECURITY_POLICY; the admin still writes
    inline scripts and styles, so only its URLs get ADMIN_CONTENT_SECURITY_POLICY.
    A view's own csp_update or csp_replace still applies on top.
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None and _is_admin(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        elif getattr(request, "is_dummy", False):
            # Wagtail draws an admin preview by sending a stand-in request for the page's
            # own URL through this middleware: the site's policy, framed by the admin.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        return parts


def _is_admin(request) -> bool:
    try:
        prefix = reverse("wagtailadmin_home")
    except NoReverseMatch:  # a URLconf without the admin, as some tests use
        return False
    return request.path_info.startswith(prefix)


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` on every answer to a signed-in person.

    Pages, exports and JSON for a signed-in person hold their name and records, so no
    shared proxy may keep them and no browser may write them to disk for the next
    user of a shared office machine. Anonymous public pages stay cacheable; static
    files never reach this middleware (WhiteNoise answers first).
    courses/page_cache.py is a server-side cache inside this one: it stores the
    response without this header and gets it added again on every replay.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # The JavaScript catalogue holds only the interface's translations.
        if getattr(user, "is_authenticated", False) and not request.path_info.startswith(
            (settings.MEDIA_URL, "/jsi18n/")
        ):
            response["Cache-Control"] = "private, no-store"
        return response
