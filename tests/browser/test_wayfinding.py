"""In the browser: every demo role finds every page it needs by following links, and meets no dead end.

Each role starts at `/`, signs in by clicking ログイン and submitting the form, and
then walks breadth first over the same-origin links of the pages it reaches (the
header's included). Every address it opens was read from a link's href on a page
already reached; none is typed. The walk fails on any 403, 404 or 500 it meets,
naming the page and the link that led there, and then checks that the role's
must-reach pages were among those reached.
"""

import re
from collections import deque
from dataclasses import dataclass
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

#: Pages a role walks at most; the whole file stays under about a minute.
LIMIT = 40
#: Not pages to read: sign-out and language forms' targets, downloads, static files,
#: and the CMS beyond its dashboard (its own screens are Wagtail's, tested there).
SKIPPED = re.compile(
    r"^/(accounts/logout|i18n|jsi18n|static|media|documents|favicon\.ico)"
    r"|\.(pdf|md|csv|xlsx|ics|zip)(\?|$)"
    r"|/download/$"
    r"|^/admin/.+"
)

PROGRAMS = r"/programs/"
LESSON = r"/programs/[^/]+/[^/]+/"
CASES = r"/cases/"
CASE = r"/cases/[^/]+/"
BOARD = r"/workshops/\d+/"
SETUP = r"/workshops/\d+/setup/"
CONSOLE = r"/workshops/\d+/console/"
ROSTER = r"/courses/cohorts/\d+/"


@dataclass(frozen=True)
class Role:
    """A demo account and the pages it must be able to reach from `/`."""

    name: str
    email: str | None
    must_reach: dict[str, str]  # what the page is -> a pattern its whole path matches


ROLES = [
    Role(
        "anonymous",
        None,
        {
            "研修プログラム一覧": PROGRAMS,
            "研修プログラム": r"/programs/[^/]+/",
            "事例一覧": CASES,
            "事例": CASE,
            "ログイン": r"/accounts/login/",
        },
    ),
    Role(
        "trainee",
        "trainee.oita@example.jp",
        {
            "マイページ": r"/mypage/",
            "研修プログラム一覧": PROGRAMS,
            "講義": LESSON,
            "事例一覧": CASES,
            "事例": CASE,
            "グループワーク一覧": r"/workshops/",
            "グループのボード": BOARD,
        },
    ),
    Role(
        "facilitator",
        "facilitator.oita@example.jp",
        {
            "マイページ": r"/mypage/",
            "グループワーク一覧": r"/workshops/",
            "グループワークの準備": SETUP,
            "進行画面": CONSOLE,
            "研修プログラム一覧": PROGRAMS,
            "事例一覧": CASES,
        },
    ),
    Role(
        "committee",
        "committee.oita@example.jp",
        {
            "マイページ": r"/mypage/",
            "研修プログラム一覧": PROGRAMS,
            "事例一覧": CASES,
            "事例": CASE,
        },
    ),
    Role(
        "prefecture administrator",
        "admin.oita@example.jp",
        {
            "マイページ": r"/mypage/",
            # 受講者・所属機関 in the header opens the one prefecture's members page.
            "受講者・関係者": r"/prefectures/oita/members/",
            "所属機関": r"/prefectures/oita/organisations/",
            "実施回の受講者名簿": ROSTER,
            "グループワーク一覧": r"/workshops/",
            "グループワークの準備": SETUP,
            "進行画面": CONSOLE,
            "管理画面": r"/admin/",
        },
    ),
    Role(
        "CMS editor",
        "editor@example.jp",
        {
            "管理画面": r"/admin/",
            "研修プログラム一覧": PROGRAMS,
            "講義": LESSON,
            "事例一覧": CASES,
            "事例": CASE,
        },
    ),
]


def _sign_in_by_clicking(page, email: str, password: str) -> None:
    page.get_by_role("banner").get_by_role("link", name="ログイン", exact=True).click()
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("navigation", name="メインメニュー")).to_contain_text("マイページ")


def _links(page, origin: str) -> list[tuple[str, str]]:
    """(path with query, link text) of each same-origin link on the page."""
    found = []
    for href, text in page.eval_on_selector_all(
        "a[href]", "els => els.map(e => [e.href, e.textContent.trim()])"
    ):
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        found.append((parts.path + (f"?{parts.query}" if parts.query else ""), text))
    return found


def _walk(page, origin: str) -> tuple[dict[str, int], list[str]]:
    """Breadth first from the page now open: each reached path's status, and every dead end."""
    start = urlsplit(page.url).path
    reached: dict[str, int] = {}
    dead_ends: list[str] = []
    seen = {"/", start}
    queue = deque([("/", "/", "—")] + ([(start, "/", "ログイン")] if start != "/" else []))
    while queue and len(reached) < LIMIT:
        url, came_from, text = queue.popleft()
        response = page.goto(origin + url, wait_until="domcontentloaded")
        status = response.status if response else 0
        path = urlsplit(page.url).path
        reached[path] = status
        if status in (403, 404) or status >= 500:
            dead_ends.append(f"{status} {url} (link 「{text}」 on {came_from})")
            continue
        for link, link_text in _links(page, origin):
            link_path = urlsplit(link).path
            # A query variant of a page already queued (a filter, a search) adds no new place.
            if link_path in seen or SKIPPED.search(link_path):
                continue
            seen.add(link_path)
            queue.append((link, path, link_text))
    return reached, dead_ends


@pytest.mark.parametrize("role", ROLES, ids=[role.name for role in ROLES])
def test_each_role_reaches_what_it_needs_by_links_alone(browser, live_server_url, role: Role):
    from tests.browser.conftest import DEMO_PASSWORD

    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    page = context.new_page()
    try:
        page.goto(live_server_url + "/")
        if role.email:
            _sign_in_by_clicking(page, role.email, DEMO_PASSWORD)
        reached, dead_ends = _walk(page, live_server_url)
    finally:
        context.close()
    missing = [
        f"{what} ({pattern})"
        for what, pattern in role.must_reach.items()
        if not any(re.fullmatch(pattern, path) for path in reached)
    ]
    assert not dead_ends, f"{role.name} met dead ends:\n  " + "\n  ".join(dead_ends)
    assert not missing, (
        f"{role.name} could not reach by links: {', '.join(missing)}\n"
        f"reached ({len(reached)}): {', '.join(sorted(reached))}"
    )
