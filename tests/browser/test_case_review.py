"""In the browser: an editor imports a report, resolves its findings and publishes; a trainee reads it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

REPORT = (
    "概要\n"
    "相談支援員の川端美千代さんは、伊万里市の就労支援事業所「こもれび」と連携した。\n"
    "取組み\n"
    "川端さんは毎週水曜日に支援会議を開き、本人の希望を聞き取った。\n"
)
TITLE = "就労支援事業所との連携（ブラウザ試験）"


def test_editor_imports_reviews_and_publishes_then_a_trainee_reads_it(
    browser, live_server_url, sign_in
):
    editor_context = browser.new_context(locale="ja-JP")
    editor = editor_context.new_page()
    sign_in(editor, "editor@example.jp")
    editor.goto(f"{live_server_url}/admin/casestudies/import/")
    editor.get_by_label("タイトル（仮）").fill(TITLE)
    editor.get_by_label("本文を貼り付ける").fill(REPORT)
    editor.get_by_role("button", name="取り込む").click()
    expect(editor.get_by_role("heading", name="公開の可否")).to_be_visible()
    expect(editor.locator("mark").first).to_be_visible()
    expect(editor.get_by_text("まだ公開できません")).to_be_visible()

    for _ in range(30):
        open_rows = editor.locator("tr.anon-finding", has=editor.locator(".anon-status-open"))
        if open_rows.count() == 0:
            break
        open_rows.first.get_by_role("button", name=re.compile("の別名を採用$")).click()
        editor.wait_for_load_state()
    expect(editor.get_by_text("すべての指摘を確認しました")).to_be_visible()

    editor.get_by_role("link", name="ページを編集する").click()
    theme_box = editor.locator("input[name=themes]").first
    theme_id = theme_box.get_attribute("id")
    theme_name = editor.locator(f"label[for={theme_id}]").inner_text().strip()
    theme_box.check()
    editor.locator("footer [data-w-dropdown-target=toggle]").first.click()
    editor.get_by_role("button", name="公開", exact=True).click()
    expect(editor.get_by_text(re.compile("公開されました|を公開しました"))).to_be_visible()
    editor_context.close()

    sign_in(page := browser.new_context(locale="ja-JP").new_page(), "trainee.oita@example.jp")
    page.goto(f"{live_server_url}/cases/")
    page.get_by_role("link", name=theme_name, exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"テーマ「{theme_name}」の事例")
    page.get_by_role("link", name=re.compile("就労支援事業所との連携")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("就労支援事業所との連携")
    body = page.locator("main").inner_text()
    for surface in ("川端美千代", "伊万里市", "こもれび"):
        assert surface not in body
    assert "支援会議" in body
