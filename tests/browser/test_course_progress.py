"""In the browser: the demo trainee studies a lesson, sees progress move, and resumes after signing in again."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _progress(page) -> tuple[int, int]:
    bar = page.locator("progress.progress").first
    return int(bar.get_attribute("value")), int(bar.get_attribute("max"))


def test_trainee_completes_a_lesson_and_resumes_at_the_next_one(page, live_server_url, sign_in):
    sign_in(page, "trainee.kochi@example.jp")
    expect(page.get_by_role("heading", name="受講中の研修")).to_be_visible()
    done, total = _progress(page)
    assert total >= 7 and 0 < done < total

    next_title = (
        page.locator(".program-progress").get_by_text(re.compile("^次の講義: ")).inner_text()
    )
    next_title = next_title.removeprefix("次の講義: ").strip()
    page.get_by_role("link", name=re.compile("^続きから")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(next_title)
    expect(page.get_by_role("heading", name="学習目標")).to_be_visible()

    page.get_by_role("button", name="完了にする").click()
    expect(page.get_by_role("status")).to_contain_text(f"「{next_title}」を完了にしました")
    following_title = page.get_by_role("heading", level=1).inner_text()
    assert following_title != next_title

    page.get_by_role("link", name="マイページ").first.click()
    assert _progress(page) == (done + 1, total)

    page.get_by_role("button", name="ログアウト").click()
    expect(page.get_by_role("link", name="ログイン", exact=True)).to_be_visible()
    sign_in(page, "trainee.kochi@example.jp")
    page.get_by_role("link", name=re.compile("^続きから")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(following_title)


def test_an_unenrolled_program_lists_its_lessons_and_explains_how_to_enrol(
    page, live_server_url, sign_in
):
    sign_in(page, "trainee.oita@example.jp")
    page.goto(f"{live_server_url}/programs/")
    page.get_by_role("link", name="就労支援員後期").click()
    # Lessons a reader may not open are listed as plain titles, never as links to a dead end.
    expect(page.locator(".lesson-list li").first).to_be_visible()
    expect(page.locator(".lesson-list a")).to_have_count(0)
    expect(page.locator(".enrol-hint")).to_contain_text("研修担当者に、受講を申し込んでください")


def test_search_finds_a_lesson_in_japanese(page, live_server_url, sign_in):
    sign_in(page, "trainee.oita@example.jp")
    page.get_by_role("searchbox", name="サイト内検索").fill("支援調整会議")
    page.get_by_role("searchbox", name="サイト内検索").press("Enter")
    expect(page.get_by_role("heading", level=2)).to_contain_text("「支援調整会議」の検索結果")
    expect(
        page.locator(".search-results").get_by_role("link", name="支援調整会議", exact=True)
    ).to_be_visible()
