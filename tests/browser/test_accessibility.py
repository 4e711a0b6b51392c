"""In the browser: axe-core finds nothing on each role's key pages, at desktop and phone width.

Also the two layouts axe cannot judge: the members table on a 360 px phone, and the
plenary screen on a projector.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDTHS = ({"width": 1280, "height": 800}, {"width": 360, "height": 740})

# Each role's first pages. The workshop is the demo's only one; the case review and its
# page editor are reached by following links, since their ids depend on the seed.
AUDITS = {
    "anonymous": (None, ["/", "/accounts/login/", "/programs/", "/cases/settlement-center-practical-training/"]),
    "trainee": ("trainee.oita@example.jp", ["/mypage/", "/programs/zenki-kyotsu/assessment/", "/workshops/1/"]),
    "facilitator": (
        "facilitator.oita@example.jp",
        ["/workshops/", "/workshops/1/setup/", "/workshops/1/console/", "/workshops/1/record/", "/workshops/1/plenary/"],
    ),
    "committee": ("committee.oita@example.jp", ["/mypage/"]),
    "prefecture_admin": (
        "admin.oita@example.jp",
        ["/prefectures/oita/members/", "/prefectures/oita/organisations/", "/prefectures/oita/members/invite/", "/admin/cohorts/"],
    ),
    "editor": ("editor@example.jp", ["/admin/casestudies/", "review", "page editor"]),
}  # fmt: skip

_axe = Axe()


def _open(page, base: str, path: str) -> None:
    if path == "review":
        page.goto(f"{base}/admin/casestudies/")
        page.locator("main a[href$='/review/']").first.click()
    elif path == "page editor":
        page.get_by_role("link", name="ページを編集する").click()
    else:
        page.goto(base + path)
    page.wait_for_load_state("networkidle")
    status = page.locator("#connection-status")
    if status.count():
        # The live pages draw their boards from the socket; audit what people see then.
        expect(status).to_have_attribute("data-status", "connected")


def _violations(page) -> list[str]:
    found = _axe.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}" for v in found]


@pytest.mark.parametrize("role", list(AUDITS))
def test_axe_finds_no_violation_on_the_roles_key_pages(role, browser, live_server_url, sign_in):
    email, paths = AUDITS[role]
    context = browser.new_context(locale="ja-JP", viewport=WIDTHS[0])
    page = context.new_page()
    if email:
        sign_in(page, email)
    report = []
    for viewport in WIDTHS:
        page.set_viewport_size(viewport)
        for path in paths:
            _open(page, live_server_url, path)
            for line in _violations(page):
                report.append(f"{viewport['width']}px {page.url}: {line}")
    context.close()
    assert not report, "axe violations:\n" + "\n".join(report)


def _line_count(cell) -> int:
    """How many line boxes the cell's text takes: one per character when a column is squeezed."""
    return cell.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
    )


def test_members_names_stay_whole_on_a_360px_phone(browser, live_server_url, sign_in):
    context = browser.new_context(locale="ja-JP", viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in(page, "admin.oita@example.jp")
    page.goto(f"{live_server_url}/prefectures/oita/members/")
    names = page.locator("table tbody tr td:first-child")
    assert names.count() > 3
    for cell in names.all():
        assert _line_count(cell) == 1, f"{cell.inner_text()!r} wraps over {_line_count(cell)} lines"
    # Each stacked row still says which column a value belongs to.
    label = page.locator("tbody td[data-label]").first
    assert label.evaluate("el => getComputedStyle(el, '::before').content") != "none"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the members page scrolls sideways by {overflow}px"
    context.close()


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 720}, {"width": 1920, "height": 1080}]
)
def test_the_plenary_screen_fills_the_projector(viewport, browser, live_server_url, sign_in):
    context = browser.new_context(locale="ja-JP", viewport=viewport)
    page = context.new_page()
    sign_in(page, "facilitator.oita@example.jp")
    page.goto(f"{live_server_url}/workshops/1/plenary/")
    expect(page.locator("#connection-status")).to_have_attribute("data-status", "connected")
    # No site header, search or footer: only the session on the wall.
    expect(page.get_by_role("banner")).to_have_count(0)
    expect(page.get_by_role("search")).to_have_count(0)
    expect(page.get_by_role("contentinfo")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.locator("main")).to_have_count(1)
    for needed in ("heading", "timer"):
        locator = page.get_by_role(needed).first
        expect(locator).to_be_in_viewport(ratio=1)
    # Large enough to read from the back of a hall.
    text_px = float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))
    assert text_px >= viewport["height"] / 30, f"body text is {text_px}px"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the plenary screen scrolls sideways by {overflow}px"
    back = page.get_by_role("link", name="進行画面へ戻る")
    back.focus()
    expect(back).to_be_in_viewport()
    back.click()
    expect(page).to_have_url(f"{live_server_url}/workshops/1/console/")
    context.close()
