"""Security headers: the Content-Security-Policy, and no caching of a signed-in person's pages."""

import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from base import demo as base_demo
from courses.models import LessonPage

from ..conftest import PASSWORD
from ..course_fixtures import lessons_of

DEMO_PASSWORD = "demo-pass-123"
SITE_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "connect-src": {"'self'"},
    "frame-ancestors": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "object-src": {"'none'"},
}
# Data blocks, never run: allauth's own pages pass settings to their scripts this way.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


def _policy(response) -> dict[str, set[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


class _InlineCodeFinder(HTMLParser):
    """Collects what a strict policy blocks: inline scripts and styles, handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not values.get("src"):
            if (values.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.found.append(f"<script> without src: {self.getpos()}")
        if tag == "style":
            self.found.append(f"<style>: {self.getpos()}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=: {self.getpos()}")
            if name == "style":
                self.found.append(f"{tag} style=: {self.getpos()}")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}=javascript: {self.getpos()}")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])


def _inline_code(html: str) -> _InlineCodeFinder:
    finder = _InlineCodeFinder()
    finder.feed(html)
    return finder


def _assert_private(response) -> None:
    directives = {d.strip() for d in response.headers.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, response.headers.get("Cache-Control")


# --- The policy ---------------------------------------------------------------


def test_site_pages_carry_the_strict_policy(client, db):
    base_demo.seed()
    for url in ("/", reverse("account_login"), "/no-such-page/"):
        response = client.get(url)
        assert _policy(response) == SITE_POLICY, url
        assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.fixture
def editor(make_person):
    """A CMS editor as seed_demo makes one: Wagtail's Editors and Moderators groups."""
    person = make_person()
    person.groups.add(*Group.objects.filter(name__in=["Editors", "Moderators"]))
    return person


def test_admin_pages_get_the_policy_the_wagtail_admin_needs(client, editor, make_program):
    lesson = lessons_of(make_program(lessons=1))[0]
    client.force_login(editor)
    urls = ["/admin/", "/admin/pages/", reverse("wagtailadmin_pages:edit", args=[lesson.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy != SITE_POLICY
        # Its previews frame admin URLs, its images come from blob: and data: while uploading.
        assert policy["frame-ancestors"] == {"'self'"}
        assert policy["frame-src"] == {"'self'"}
        assert {"'self'", "data:", "blob:"} <= policy["img-src"]
        assert policy["object-src"] == {"'none'"}
        assert policy["base-uri"] == {"'self'"}
        assert policy["form-action"] == {"'self'"}
        assert policy["connect-src"] == {"'self'"}
        assert "*" not in " ".join(v for values in policy.values() for v in values)


def test_an_admin_preview_keeps_the_site_policy_but_may_be_framed_by_the_admin(rf, db):
    home = base_demo.seed()
    response = home.make_preview_request(rf.get("/admin/"), home.default_preview_mode)
    assert response.status_code == 200
    assert _policy(response) == {**SITE_POLICY, "frame-ancestors": {"'self'"}}


# --- No inline code in what the site renders ----------------------------------

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
# Only these may keep a <style> element: they are read by WeasyPrint, never by a browser.
STYLE_ELEMENT_ALLOWED = {
    "workshops/record_pdf.html",
    "certificates/certificate_pdf.html",
    "planning/timetable_pdf.html",
}


def test_no_template_holds_inline_script_handlers_or_styles():
    problems = []
    for path in sorted(TEMPLATES_DIR.rglob("*.html")):
        name = path.relative_to(TEMPLATES_DIR).as_posix()
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>", text, flags=re.I):
            attrs = match.group(1)
            if "src=" not in attrs and not re.search(r'type="application/(ld\+)?json"', attrs):
                problems.append(f"{name}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text, flags=re.I):
            problems.append(f"{name}: event handler attribute")
        if re.search(r"javascript:", text, flags=re.I):
            problems.append(f"{name}: javascript: URL")
        if re.search(r"\sstyle\s*=", text, flags=re.I):
            problems.append(f"{name}: style attribute")
        if re.search(r"<style\b", text, flags=re.I) and name not in STYLE_ELEMENT_ALLOWED:
            problems.append(f"{name}: <style> element")
    assert problems == []


def test_the_scanner_finds_what_a_strict_policy_blocks():
    html = (
        '<script>alert(1)</script><script type="application/json">{}</script>'
        '<script src="/static/x.js" defer></script><a href="javascript:void(0)">x</a>'
        '<button onclick="go()">y</button><p style="color:red">z</p><style>p{}</style>'
    )
    found = _inline_code(html).found
    assert len(found) == 5, found


SKIPPED_PREFIXES = ("/admin/", "/accounts/logout/", "/documents/", "/media/", "/static/", "/i18n/")
DEMO_PEOPLE = [
    None,
    "trainee.oita@example.jp",
    "facilitator.oita@example.jp",
    "committee.oita@example.jp",
    "admin.oita@example.jp",
    "editor@example.jp",
]


def _crawl(client, start: list[str], limit: int = 40):
    """Every site page reachable by links from `start`, GET only.

    Yields (url, response, finder): an HTML page is parsed once, for its links and
    its inline code alike; `finder` is None for anything that is not HTML.
    """
    seen, queue = set(start), deque(start)
    visited = 0
    # Bounded by pages fetched, not links seen: a menu with more links must not end the walk early.
    while queue and visited < limit:
        url = queue.popleft()
        visited += 1
        response = client.get(url)
        html = "text/html" in response.get("Content-Type", "")
        finder = _inline_code(response.content.decode()) if html else None
        yield url, response, finder
        if response.status_code != 200 or finder is None:
            continue
        for link in finder.links:
            link = link.split("#")[0]
            if link.startswith("/") and not link.startswith(SKIPPED_PREFIXES) and link not in seen:
                seen.add(link)
                queue.append(link)


def test_every_page_each_role_reaches_runs_no_inline_code_and_is_not_cached(db):
    call_command("seed_demo", "--password", DEMO_PASSWORD, stdout=StringIO())
    lessons = [page.url for page in LessonPage.objects.live()]
    for email in DEMO_PEOPLE:
        client = Client()
        start = ["/", reverse("account_login"), "/search/?q=支援"]
        if email:
            assert client.login(email=email, password=DEMO_PASSWORD)
            start += [reverse("accounts:mypage"), reverse("workshops:list"), *lessons]
        pages = 0
        for url, response, finder in _crawl(client, start):
            assert response.status_code < 500, (email, url)
            if finder is None:
                continue
            pages += 1
            assert _policy(response) == SITE_POLICY, (email, url)
            assert finder.found == [], (email, url)
            if email:
                _assert_private(response)
        assert pages >= (8 if email else 3), email


# --- Cache-Control --------------------------------------------------------------


def test_anonymous_public_pages_may_be_cached(client, db):
    base_demo.seed()
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_a_signed_in_persons_pages_are_private_and_never_stored(client, oita, make_person):
    client.force_login(make_person(oita, Role.TRAINEE))
    for url in (reverse("accounts:mypage"), "/no-such-page/", reverse("workshops:list")):
        _assert_private(client.get(url))


def test_static_files_stay_cacheable_when_signed_in(client, oita, make_person):
    client.force_login(make_person(oita, Role.TRAINEE))
    response = client.get(settings.STATIC_URL + "css/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_a_lesson_page_replayed_from_the_reader_cache_keeps_both_headers(
    client, make_program, enrolled_trainee, oita
):
    program = make_program(lessons=1)
    trainee, _enrollment = enrolled_trainee(program, oita)
    lesson = lessons_of(program)[0]
    assert client.login(email=trainee.email, password=PASSWORD)
    responses = [client.get(lesson.url) for _ in range(3)]  # learn, store, replay
    for response in responses:
        assert response.status_code == 200
        _assert_private(response)
        assert _policy(response) == SITE_POLICY
    assert responses[2].content == responses[1].content


@pytest.mark.parametrize("name", ["record", "record_pdf", "record_markdown", "attendance_csv"])
def test_record_exports_are_private_and_never_stored(client, make_workshop, oita, name):
    setup = make_workshop(oita, trainees=2, group_size=2)
    assert client.login(email=setup.facilitator.email, password=PASSWORD)
    response = client.get(reverse(f"workshops:{name}", kwargs={"workshop_id": setup.workshop.pk}))
    assert response.status_code == 200
    _assert_private(response)
