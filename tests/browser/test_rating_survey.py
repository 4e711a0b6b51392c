"""In the browser: the demo trainee finishes the lessons, answers the after-rating and the survey,
and the administrator reads the cohort's report and results; axe checks every page on the way.

Its own server: answering changes trainee.oita for good, which other browser tests must not see.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import start_server

pytestmark = pytest.mark.browser

RATING = "/programs/zenki-kyotsu/jiko-hyoka/"
SURVEY = "/programs/zenki-kyotsu/kenshu-hyoka/"
WIDTHS = ({"width": 1280, "height": 800}, {"width": 360, "height": 740})
_axe = Axe()


@pytest.fixture(scope="module")
def live_server_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ratings")
    process, url, _env = start_server(tmp)
    yield url
    process.terminate()
    process.wait(timeout=10)


def _audit(page) -> list[str]:
    report = []
    for viewport in WIDTHS:
        page.set_viewport_size(viewport)
        for v in _axe.run(page).response["violations"]:
            report.append(
                f"{viewport['width']}px {page.url}: {v['id']} {[n['target'] for n in v['nodes']]}"
            )
    page.set_viewport_size(WIDTHS[0])
    return report


def _finish_lessons(page, base: str) -> None:
    page.goto(f"{base}/mypage/")
    page.get_by_role("link", name=re.compile("^続きから")).first.click()
    for _ in range(20):
        button = page.get_by_role("button", name="完了にする")
        if not button.count():
            break
        button.click()
        page.wait_for_load_state()


def test_trainee_answers_the_after_rating_and_the_survey_and_the_admin_reads_them(
    browser, live_server_url, sign_in
):
    report = []
    context = browser.new_context(locale="ja-JP", viewport=WIDTHS[0])
    page = context.new_page()
    sign_in(page, "trainee.oita@example.jp")

    page.goto(live_server_url + RATING)
    states = page.locator(".rating-states")
    expect(states).to_contain_text("回答済み")
    expect(states).to_contain_text("まだ回答できません")
    expect(states).to_contain_text("2026年12月18日から回答できます")
    page.goto(live_server_url + SURVEY)
    expect(page.locator(".survey-state")).to_contain_text("まだ回答できません")
    report += _audit(page)

    _finish_lessons(page, live_server_url)
    page.goto(live_server_url + RATING)
    expect(page.get_by_role("heading", name="研修後の自己評価")).to_be_visible()
    report += _audit(page)
    fieldsets = page.locator("fieldset.scale-field")
    assert fieldsets.count() == 5
    for index in range(fieldsets.count()):
        # By keyboard: focus the first point, arrow to the fourth (radio groups move by arrows).
        fieldsets.nth(index).get_by_label("1", exact=True).focus()
        for _step in range(3):
            page.keyboard.press("ArrowRight")
        expect(fieldsets.nth(index).get_by_label("4", exact=True)).to_be_checked()
    page.get_by_role("button", name="研修後の自己評価を送信する").click()
    expect(page.get_by_role("status")).to_contain_text("研修後の自己評価を送信しました")
    expect(page.locator(".rating-states .badge--done")).to_have_count(2)
    expect(page.get_by_role("button", name=re.compile("自己評価を送信する"))).to_have_count(0)

    page.goto(live_server_url + SURVEY)
    expect(page.locator(".survey-state")).to_contain_text("未回答")
    report += _audit(page)
    groups = page.locator("fieldset.scale-field")
    assert groups.count() == 4
    for index in range(groups.count()):
        groups.nth(index).get_by_label("5", exact=True).check()
    page.get_by_label(re.compile("^質問5")).fill("事例を使った演習がわかりやすかった。")
    page.get_by_role("button", name="アンケートを送信する").click()
    expect(page.get_by_role("status")).to_contain_text("アンケートに回答しました")
    expect(page.locator(".survey-state")).to_contain_text("回答済み")
    context.close()

    context = browser.new_context(locale="ja-JP", viewport=WIDTHS[0])
    page = context.new_page()
    sign_in(page, "admin.oita@example.jp")
    page.goto(live_server_url + RATING)
    page.get_by_role("link", name=re.compile("前期共通プログラム.*の自己評価の変化")).first.click()
    table = page.locator("table.rating-table")
    expect(table).to_contain_text("支援調整会議の役割を説明できる")
    expect(table.locator("tbody tr").first).to_contain_text("6人")
    expect(page.locator("svg.data-figure__chart")).to_be_visible()
    report += _audit(page)
    # The roster links the survey results.
    page.get_by_role("navigation", name="パンくずリスト").get_by_role("link").first.click()
    page.get_by_role("link", name="研修評価アンケートの結果").click()
    expect(page.get_by_text("受講者6人のうち6人が回答しました")).to_be_visible()
    expect(page.get_by_text("事例を使った演習がわかりやすかった。")).to_be_visible()
    expect(page.get_by_text("受講 花子")).to_have_count(0)
    report += _audit(page)
    context.close()
    assert not report, "axe violations:\n" + "\n".join(report)
