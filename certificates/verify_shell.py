"""The verify result for a first visit (no sign-in, no messages), filled into a shell kept per layout.

What a QR scan opens: the page is rendered once per status, language and
navigation (base/page_shell.py) and each visit only joins in its certificate's
printed values, its CSRF token and its path. The printed values are still read
from the database on every visit, so a revocation shows at once.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from base import navigation, page_shell, shared_cache

TEMPLATE = "certificates/verify_result.html"
#: What `public_fields` gives that the page prints; `status` and `signed` choose markup.
PRINTED = (
    "revoked_on", "successor_code", "successor_number", "holder_name", "program_title",
    "issued_on", "issuer_line", "number", "code",
)  # fmt: skip
SLOTS = (*PRINTED, "csrf_token", "full_path")


class _RequestStandIn:
    """The request as the one render sees it, with the full path given as its marker."""

    def __init__(self, request) -> None:
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_full_path(self) -> str:
        return page_shell.marker("full_path")


def applies(request) -> bool:
    """A first look at the result: a GET by someone not signed in, with no messages waiting."""
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))
    )


def response(request, fields: dict, page_context: Callable[[], dict]) -> HttpResponse:
    """The result page for `fields` (verify.public_fields), as the template renders it.

    `page_context()` is the template's context; it is built only when the shell is drawn.
    """
    links = navigation.items_for(request.user, request)
    # Which values are empty can change the markup (`{% if c.successor_code %}`).
    present = tuple(bool(fields[name]) for name in PRINTED)
    key = (
        "verify-shell",
        translation.get_language(),
        fields["status"],
        fields["signed"],
        present,
        links,
        tuple(link.url == request.path for link in links),
    )

    def build() -> page_shell.Shell:
        marked = {name: page_shell.marker(name) if fields[name] else "" for name in PRINTED}
        return page_shell.shell(
            TEMPLATE,
            {
                **page_context(),
                "c": {**fields, **marked},
                "csrf_token": page_shell.marker("csrf_token"),
                "request": _RequestStandIn(request),
            },
            request,
            SLOTS,
        )

    shell = shared_cache.shared(request, key, build)
    values = {name: str(fields[name]) for name in PRINTED if fields[name]}
    values["csrf_token"] = get_token(request)
    values["full_path"] = request.get_full_path()
    return HttpResponse(shell.fill(values))
