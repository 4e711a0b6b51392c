"""In the browser: people sign in and see the navigation of their role, at desktop and phone width."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _nav_labels(page) -> list[str]:
    return (
        page.get_by_role("navigation", name="メインメニュー").get_by_role("link").all_inner_texts()
    )


def test_the_trainee_signs_in_and_sees_mypage(page, live_server_url, sign_in):
    page.goto(live_server_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("伝達研修プラットフォーム")
    sign_in(page, "trainee.oita@example.jp")
    expect(page).to_have_url(re.compile(r"/mypage/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("マイページ")
    assert _nav_labels(page) == ["マイページ", "研修プログラム", "事例", "グループワーク"]
    expect(page.get_by_role("cell", name="大分県")).to_be_visible()


def test_the_prefecture_administrator_sees_their_own_navigation(page, live_server_url, sign_in):
    sign_in(page, "admin.kochi@example.jp")
    labels = _nav_labels(page)
    assert "マイページ" in labels and "受講者・所属機関" in labels
    page.get_by_role("link", name="受講者・所属機関").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("高知県の受講者・関係者")
    expect(page.get_by_role("cell", name="trainee.kochi@example.jp")).to_be_visible()
    expect(page.get_by_text("trainee.oita@example.jp")).to_have_count(0)
    page.goto(f"{live_server_url}/prefectures/oita/members/")
    expect(page.get_by_role("heading", level=1)).to_have_text("お探しのページが見つかりません")


def test_a_wrong_password_shows_a_japanese_error(page, sign_in):
    sign_in(page, "trainee.oita@example.jp", "wrong-password")
    expect(page.get_by_role("alert")).to_contain_text("パスワードが正しくありません")


def test_keyboard_users_can_skip_to_the_content_and_see_focus(page, live_server_url):
    page.goto(live_server_url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="本文へ移動")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_the_site_fits_a_360px_phone_without_sideways_scrolling(browser, live_server_url, sign_in):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in(page, "admin.oita@example.jp")
    for path in ("/", "/mypage/", "/prefectures/oita/members/", "/prefectures/oita/organisations/"):
        page.goto(live_server_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    context.close()
