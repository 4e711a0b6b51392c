"""In the browser: the committee member plans next year from the template, shares out roles on a
training day, sees a double booking flagged and fixes it; axe finds nothing on the planning pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDTHS = ({"width": 1280, "height": 800}, {"width": 360, "height": 740})
COMMITTEE = "committee.oita@example.jp"
CLASH = "同時に割り当てられています"

_axe = Axe()


def _violations(page) -> list[str]:
    found = _axe.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}" for v in found]


def test_the_committee_plans_next_year_and_fixes_a_double_booking(
    browser, live_server_url, sign_in
):
    context = browser.new_context(locale="ja-JP", viewport=WIDTHS[0])
    page = context.new_page()
    sign_in(page, COMMITTEE)
    page.get_by_role("navigation").get_by_role("link", name="年間計画").first.click()
    expect(page.get_by_role("heading", name="年間計画", level=1)).to_be_visible()

    # next year's plan, from the template
    page.get_by_label("年度（西暦）").fill("2027")
    page.get_by_role("button", name="年間計画を作る").click()
    expect(page.get_by_role("heading", name="2027年度 伝達研修 年間計画")).to_be_visible()
    expect(page.get_by_role("link", name="第1回検討会議（前期共通）")).to_be_visible()
    expect(page.get_by_role("link", name="後期研修（2日目）")).to_be_visible()
    page.get_by_role("link", name="年間の流れ").click()
    expect(page.get_by_role("heading", name="2027年4月")).to_be_visible()
    expect(page.get_by_role("heading", name="2028年3月")).to_be_visible()

    # this year's 前期 day: a new slot overlapping 別府 温子's lecture, given to her too
    page.goto(f"{live_server_url}/planning/")
    page.get_by_role("link", name="2026年度 伝達研修 年間計画").click()
    page.get_by_role("link", name="前期共通研修").click()
    expect(page.get_by_role("heading", name="前期共通研修", level=1)).to_be_visible()
    page.get_by_text("時間割に項目を追加する").click()
    adding = page.locator("form[action$='/items/new/']")
    adding.get_by_label("開始時刻").fill("10:00")
    adding.get_by_label("終了時刻").fill("10:30")
    adding.get_by_label("科目").fill("臨時の講義")
    adding.get_by_label("種類").select_option(label="講義")
    adding.get_by_role("button", name="項目を追加").click()
    expect(page.get_by_text("時間割に項目を追加しました。")).to_be_visible()

    slot = page.locator("li.planning-slot", has_text="臨時の講義")
    slot.get_by_text("「臨時の講義」の役割を割り当てる").click()
    slot.get_by_label("役割").select_option(label="講師役")
    slot.get_by_label("研修委員").select_option(label="別府 温子")
    slot.get_by_role("button", name="割り当てる").click()
    problems = page.locator(".planning-problems")
    expect(problems).to_contain_text(re.compile(r"別府 温子さんは.*" + CLASH))

    # fixed: the slot's lecturer becomes an outside lecturer instead
    slot = page.locator("li.planning-slot", has_text="臨時の講義")
    slot.get_by_role("button", name="臨時の講義の講師役を外す").click()
    slot = page.locator("li.planning-slot", has_text="臨時の講義")
    slot.get_by_text("「臨時の講義」の役割を割り当てる").click()
    slot.get_by_label("役割").select_option(label="講師役")
    slot.get_by_label("外部講師の氏名").fill("臨時 講師")
    slot.get_by_label("外部講師の所属").fill("大分大学（デモ）")
    slot.get_by_role("button", name="割り当てる").click()
    expect(page.get_by_text("役割を割り当てました。")).to_be_visible()
    expect(page.locator(".planning-problems")).not_to_contain_text(CLASH)
    expect(page.locator("li.planning-slot", has_text="臨時の講義")).to_contain_text(
        "臨時 講師（大分大学（デモ））"
    )
    context.close()


def test_axe_finds_nothing_on_the_plan_timeline_and_training_day(browser, live_server_url, sign_in):
    context = browser.new_context(locale="ja-JP", viewport=WIDTHS[0])
    page = context.new_page()
    sign_in(page, COMMITTEE)
    page.goto(f"{live_server_url}/planning/")
    page.get_by_role("link", name="2026年度 伝達研修 年間計画").click()
    plan_url = page.url
    page.get_by_role("link", name="後期研修（1日目）").click()
    day_url = page.url
    pages = [plan_url, plan_url + "timeline/", day_url]
    report = []
    for viewport in WIDTHS:
        page.set_viewport_size(viewport)
        for url in pages:
            page.goto(url)
            page.wait_for_load_state("networkidle")
            report += [f"{viewport['width']}px {url}: {line}" for line in _violations(page)]
    # at 360 px the timeline is one list, month under month, with nothing cut off
    page.goto(plan_url + "timeline/")
    months = page.locator(".planning-month")
    first, second = months.nth(0).bounding_box(), months.nth(1).bounding_box()
    assert second["y"] > first["y"] and first["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
    assert not report, "axe violations:\n" + "\n".join(report)


def test_the_retrospective_shows_the_demo_survey_and_ratings(browser, live_server_url, sign_in):
    context = browser.new_context(locale="ja-JP", viewport=WIDTHS[0])
    page = context.new_page()
    sign_in(page, COMMITTEE)
    page.get_by_role("navigation").get_by_role("link", name="年間計画").first.click()
    page.get_by_role("link", name="2026年度 伝達研修 年間計画").click()
    page.get_by_role("link", name="振り返り", exact=True).click()
    expect(page.get_by_role("heading", name="2026年度 伝達研修 年間計画の振り返り")).to_be_visible()
    zenki = page.locator("section.planning-retro-day", has_text="前期共通研修")
    # the demo cohort's anonymous survey: five answers (more if another test answered), so
    # its means are shown
    survey = zenki.get_by_role("table", name="前期共通研修の評価アンケートの平均")
    expect(survey.get_by_role("row")).to_have_count(5)
    expect(survey).to_contain_text(re.compile(r"4\.\d\d\s*\d+件"))
    expect(zenki.locator("figure.data-figure svg rect").first).to_be_visible()
    # before and after: the statements rose, with those who answered both
    ratings = zenki.get_by_role("table", name="前期共通研修の自己評価の平均と変化")
    expect(ratings).to_contain_text("支援調整会議の役割を説明できる")
    expect(ratings).to_contain_text("+")
    expect(ratings).to_contain_text(re.compile(r"\d+人"))
    # other browser tests on the same server may enrol more, so the count is not pinned
    expect(zenki).to_contain_text(re.compile(r"受講 \d+人・修了 \d+人"))
    # last year's notes, and a new one recorded
    expect(zenki).to_contain_text("グループワークの前に休憩を入れる")
    page.get_by_label("続けること").check()
    page.get_by_label("内容").fill("会場の案内表示は分かりやすかった。")
    page.get_by_role("button", name="記録する").click()
    expect(page.get_by_text("会場の案内表示は分かりやすかった。")).to_be_visible()
    report = _violations(page)
    context.close()
    assert not report, "axe violations:\n" + "\n".join(report)
