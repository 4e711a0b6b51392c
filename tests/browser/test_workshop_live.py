"""In the browser: a facilitator and two trainees in different groups run GSV group work live."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FACILITATOR = "facilitator.oita@example.jp"
# seed_demo deals the 大分県 trainees into two groups: these two land in different ones.
TRAINEE_A = "trainee.oita@example.jp"
TRAINEE_B = "trainee2.oita@example.jp"


def _open_workshop(browser, live_server_url, sign_in, email: str):
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    page = context.new_page()
    sign_in(page, email)
    page.goto(f"{live_server_url}/workshops/")
    page.get_by_role("link", name=re.compile("^GSV演習")).first.click()
    expect(page.locator("#connection-status")).to_have_text("接続中")
    return context, page


def _post(page, kind: str, text: str) -> None:
    page.get_by_label("種類").select_option(label=kind)
    page.get_by_label("内容").fill(text)
    page.get_by_role("button", name="投稿する").click()


def test_group_work_live_with_a_facilitator_and_two_groups(browser, live_server_url, sign_in):
    _ctx_f, console = _open_workshop(browser, live_server_url, sign_in, FACILITATOR)
    expect(console.get_by_role("heading", level=1)).to_contain_text("進行画面")
    ctx_a, board_a = _open_workshop(browser, live_server_url, sign_in, TRAINEE_A)
    _ctx_b, board_b = _open_workshop(browser, live_server_url, sign_in, TRAINEE_B)
    group_a = board_a.locator("[data-group-name]").inner_text()
    group_b = board_b.locator("[data-group-name]").inner_text()
    assert group_a != group_b

    # A post reaches the facilitator's console and not the other group's board.
    text = "本人は料理が得意で、地域の食堂を手伝いたいと話している"
    _post(board_a, "強み", text)
    expect(board_a.locator("[data-posts] [data-seq='1']")).to_contain_text(text)
    card = console.locator(".group-card", has=console.get_by_role("heading", name=group_a))
    expect(card.locator(".posts")).to_contain_text(text)
    expect(card.locator(".posts")).to_contain_text("強み")
    board_b.wait_for_timeout(500)
    expect(board_b.locator("[data-posts]")).not_to_contain_text(text)

    # The phase and the timer appear on both trainees' screens.
    console.get_by_role("button", name="次のフェーズへ").click()
    console.get_by_role("button", name="タイマー開始").click()
    for board in (board_a, board_b):
        expect(board.locator("[data-phase-name]")).to_have_text("質問・情報収集")
        expect(board.locator("[data-timer-state]")).to_have_text("進行中")
        expect(board.locator("[data-timer]")).to_have_text(re.compile(r"^1[45]:\d\d$"))

    # Offline: the post waits in the browser, then arrives once, in sequence.
    ctx_a.set_offline(True)
    expect(board_a.locator("#connection-status")).to_contain_text("オフライン")
    offline_text = "オフライン中に書いた質問：家族との関係はどうか"
    _post(board_a, "質問", offline_text)
    pending = board_a.locator("[data-posts] .is-pending")
    expect(pending).to_contain_text(offline_text)
    expect(pending).to_contain_text("送信待ち")
    ctx_a.set_offline(False)
    expect(board_a.locator("#connection-status")).to_have_text("接続中", timeout=15000)
    expect(board_a.locator("[data-posts] [data-seq='2']")).to_contain_text(offline_text)
    expect(board_a.locator("[data-posts] .is-pending")).to_have_count(0)
    seqs = board_a.locator("[data-posts] [data-seq]").evaluate_all(
        "items => items.map(item => Number(item.dataset.seq))"
    )
    assert seqs == [1, 2]
    expect(card.locator(".posts")).to_contain_text(offline_text)
    expect(card.locator(".posts [data-seq]")).to_have_count(2)


def test_a_trainee_posts_by_keyboard_alone_on_a_narrow_phone(browser, live_server_url, sign_in):
    context = browser.new_context(
        locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    sign_in(page, "trainee3.oita@example.jp")
    page.goto(f"{live_server_url}/workshops/")
    page.get_by_role("link", name=re.compile("^GSV演習")).first.click()
    expect(page.locator("#connection-status")).to_have_text("接続中")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("種類").focus()
    page.keyboard.press("End")  # the last kind, 課題
    page.keyboard.press("Tab")
    expect(page.get_by_label("内容")).to_be_focused()
    page.keyboard.type("キーボードだけで書いた課題")
    page.keyboard.press("Control+Enter")
    post = page.locator("[data-posts] [data-seq]", has_text="キーボードだけで書いた課題")
    expect(post).to_contain_text("課題")
    expect(page.get_by_label("内容")).to_be_focused()
    # An empty post is refused in Japanese, in a live alert, without sending anything.
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("alert")).to_have_text("内容を入力してください。")
    context.close()
