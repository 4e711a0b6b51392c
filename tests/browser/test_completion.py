"""In the browser: マイページ's checklist, the administrator's completion table, and a step marked by hand."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

_axe = Axe()


def _violations(page) -> list[str]:
    found = _axe.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}" for v in found]


def test_the_trainee_reads_a_checklist_linking_each_open_step(page, live_server_url, sign_in):
    sign_in(page, "trainee.kochi@example.jp")
    section = page.locator(".completion-checklists")
    expect(section.get_by_role("heading", name="修了までのチェックリスト")).to_be_visible()
    checklist = section.locator(".completion-checklist").first
    expect(checklist).to_contain_text("前期共通プログラム")
    expect(checklist.locator(".completion-state")).to_contain_text(
        re.compile(r"\d+項目中 \d+項目完了")
    )
    open_link = checklist.locator(".checklist-step--open a").first
    title = open_link.inner_text()
    open_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server_url}/mypage/")
        assert not _violations(page)


def test_the_administrator_filters_exports_and_marks_a_step_by_hand(page, live_server_url, sign_in):
    sign_in(page, "admin.kochi@example.jp")
    page.locator(".completion-tables a", has_text="前期共通").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("修了状況")
    table = page.locator("table.completion-table")
    expect(table.locator("tbody tr")).not_to_have_count(0)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        assert not _violations(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_label("表示する受講者", exact=True).select_option("incomplete")
    page.get_by_role("button", name="絞り込む").click()
    expect(table.locator("tbody tr").first).to_contain_text("未修了")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSVで書き出す").click()
    assert download.value.suggested_filename.endswith(".csv")

    table.locator("tbody tr th a").first.click()
    expect(page.get_by_role("heading", name="手作業で完了にする")).to_be_visible()
    assert not _violations(page)
    step = page.get_by_label("項目", exact=True)
    label = step.locator("option").last.inner_text()
    step.select_option(label=label)
    page.get_by_role("button", name="完了にする").click()
    expect(page.locator(".errorlist")).to_contain_text("理由を入力してください")
    page.get_by_label("項目", exact=True).select_option(label=label)
    page.get_by_label("理由（必須）").fill("別日に補講を受けたため")
    page.get_by_role("button", name="完了にする").click()
    expect(page.get_by_role("status")).to_contain_text(f"「{label}」を手作業で完了にしました")
    expect(page.locator(".checklist-step--done").filter(has_text=label)).to_contain_text(
        "別日に補講を受けたため"
    )
    page.get_by_role("link", name="修了状況", exact=True).click()
    expect(page.locator("#overrides-heading + *")).to_contain_text("別日に補講を受けたため")
