"""The issue's walk, end to end: trainee.oita passes the quiz ordering by keyboard, the plan is
returned, revised and accepted, the after-rating and the survey are answered, マイページ's checklist
shows the program complete, and the administrator's table shows the trainee complete.

Its own server: the walk completes trainee.oita for good, which other browser tests must not see.
"""

import re

import pytest
from playwright.sync_api import expect

from assessments.demo.quizzes import QUESTIONS

from .conftest import start_server
from .test_quiz import QUIZ_PATH, _answer, _order_by_keyboard

pytestmark = pytest.mark.browser

TRAINEE, TRAINEE_NAME = "trainee.oita@example.jp", "受講 花子"
WORKSHEET = "/programs/zenki-kyotsu/plan-worksheet/"
QUEUE = "/assessments/worksheets/queue/"
RATING = "/programs/zenki-kyotsu/jiko-hyoka/"
SURVEY = "/programs/zenki-kyotsu/kenshu-hyoka/"


@pytest.fixture(scope="module")
def live_server_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("flow")
    process, url, _env = start_server(tmp)
    yield url
    process.terminate()
    process.wait(timeout=10)


def _checklist(page, base: str):
    page.goto(f"{base}/mypage/")
    return page.locator(".completion-checklist", has_text="前期共通プログラム").first


def _finish_lessons(page, base: str) -> None:
    page.goto(f"{base}/mypage/")
    page.get_by_role("link", name=re.compile("^続きから")).first.click()
    for _ in range(20):
        button = page.get_by_role("button", name="完了にする")
        if not button.count():
            break
        button.click()
        page.wait_for_load_state()


def _take_the_quiz(page, base: str) -> None:
    page.goto(base + QUIZ_PATH)
    page.get_by_role("button", name="受験を始める").click()
    ordering = None
    for number, (kind, value) in enumerate(QUESTIONS, start=1):
        if kind == "ordering":
            ordering = number
        else:
            _answer(page, number, kind, value)
    _order_by_keyboard(page, ordering, QUESTIONS[ordering - 1][1]["items"])
    page.get_by_role("button", name="提出する").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    total = sum(value["points"] for _kind, value in QUESTIONS)
    expect(page.locator("#quiz-score")).to_contain_text(f"{total}点 / {total}点")
    expect(page.locator(".quiz-result__verdict")).to_contain_text("合格")


def _write_the_plan(page, base: str) -> None:
    page.goto(base + WORKSHEET)
    page.get_by_label("課題と背景要因").fill("退院後の住まいが決まっていない。")
    page.get_by_label("本人の目指す姿（長期目標）").fill("地域で暮らしたい")
    page.get_by_label("達成目標（短期）").fill("退院までに住まいを決める")
    page.get_by_label("本人が取り組むこと").fill("内覧に行く")
    page.get_by_label("支援内容").fill("居住支援協議会を通じて住まいを探す")
    page.get_by_label("住居確保給付金").check()
    page.get_by_label("プラン期間").fill("6か月")
    page.get_by_label("次回モニタリング時期").fill("1か月後")
    page.get_by_label("本人から、このプランに基づく支援への同意を得た").check()
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_role("status").first).to_contain_text("プランを提出しました")


def _open_review(page, base: str) -> None:
    page.goto(base + QUEUE)
    page.get_by_role("link", name=TRAINEE_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TRAINEE_NAME)


def test_the_trainee_completes_the_program_and_the_administrator_sees_it(
    browser, live_server_url, sign_in
):
    base = live_server_url
    trainee_context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    trainee = trainee_context.new_page()
    sign_in(trainee, TRAINEE)
    checklist = _checklist(trainee, base)
    expect(checklist.locator(".completion-state")).to_contain_text("項目完了")
    expect(checklist.locator(".checklist-step--open").first).to_be_visible()

    _take_the_quiz(trainee, base)
    _write_the_plan(trainee, base)

    facilitator_context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    facilitator = facilitator_context.new_page()
    sign_in(facilitator, "facilitator.oita@example.jp")
    _open_review(facilitator, base)
    facilitator.get_by_label("「本人の目指す姿（長期目標）」へのコメント").fill(
        "本人の言葉で、具体的に書きましょう。"
    )
    facilitator.get_by_role("button", name="差し戻す").click()
    expect(facilitator.get_by_role("status").first).to_contain_text("プランを差し戻しました")

    trainee.goto(base + WORKSHEET)
    expect(trainee.locator("#comment-long_term_goal")).to_contain_text("本人の言葉で")
    trainee.get_by_label("本人の目指す姿（長期目標）").fill("「住み慣れた地域で暮らしたい」")
    trainee.get_by_role("button", name="提出する").click()
    expect(trainee.get_by_role("status").first).to_contain_text("プランを提出しました")

    _open_review(facilitator, base)
    for score in facilitator.locator("input[type=number]").all():
        score.fill("4")
    facilitator.get_by_role("button", name="承認する").click()
    expect(facilitator.get_by_role("status").first).to_contain_text("プランを承認しました")
    facilitator_context.close()

    # Still open: the lessons (the after-rating waits for them), the rating and the survey.
    checklist = _checklist(trainee, base)
    expect(checklist.locator(".checklist-step--done", has_text="理解度チェック")).to_be_visible()
    expect(checklist.locator(".checklist-step--done", has_text="プラン作成演習")).to_be_visible()
    expect(checklist.locator(".completion-state")).not_to_contain_text("修了しました")

    _finish_lessons(trainee, base)
    trainee.goto(base + RATING)
    fieldsets = trainee.locator("fieldset.scale-field")
    for index in range(fieldsets.count()):
        fieldsets.nth(index).get_by_label("4", exact=True).check()
    trainee.get_by_role("button", name="研修後の自己評価を送信する").click()
    expect(trainee.get_by_role("status")).to_contain_text("研修後の自己評価を送信しました")

    trainee.goto(base + SURVEY)
    groups = trainee.locator("fieldset.scale-field")
    for index in range(groups.count()):
        groups.nth(index).get_by_label("5", exact=True).check()
    trainee.get_by_role("button", name="アンケートを送信する").click()
    expect(trainee.get_by_role("status")).to_contain_text("アンケートに回答しました")

    checklist = _checklist(trainee, base)
    expect(checklist.locator(".completion-state")).to_contain_text("修了しました")
    expect(checklist.locator(".checklist-step--open")).to_have_count(0)
    trainee_context.close()

    admin_context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    admin = admin_context.new_page()
    sign_in(admin, "admin.oita@example.jp")
    admin.locator(".completion-tables a", has_text="前期共通").first.click()
    row = admin.locator("table.completion-table tbody tr", has_text=TRAINEE_NAME)
    expect(row.locator("td").first).to_have_text("修了")
    expect(row.locator(".completion-cell--open")).to_have_count(0)
    admin.get_by_label("表示する受講者", exact=True).select_option("complete")
    admin.get_by_role("button", name="絞り込む").click()
    expect(admin.locator("table.completion-table tbody")).to_contain_text(TRAINEE_NAME)
    admin_context.close()
