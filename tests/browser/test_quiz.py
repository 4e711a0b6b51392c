"""In the browser: trainee.oita takes the demo quiz, orders the support process by keyboard alone, and sees the mark."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from assessments.demo.quizzes import PAGE_SLUG, QUESTIONS

pytestmark = pytest.mark.browser

QUIZ_PATH = f"/programs/zenki-kyotsu/{PAGE_SLUG}/"
TRUE_FALSE_LABELS = {"true": "○（正しい）", "false": "×（誤り）"}
_axe = Axe()


def _violations(page) -> list[str]:
    found = _axe.run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}" for v in found]


def _answer(page, number: int, kind: str, value: dict) -> None:
    question = page.locator(f"#question-{number}")
    if kind in ("single", "multiple"):
        for choice in value["choices"]:
            if choice["correct"]:
                question.get_by_label(choice["text"], exact=True).check()
    elif kind == "true_false":
        question.get_by_label(TRUE_FALSE_LABELS[value["answer"]], exact=True).check()
    elif kind == "short":
        # Half-width katakana: marked right, as search folds width and kana.
        question.get_by_label("答え").fill("ｱｾｽﾒﾝﾄ")


def _order_by_keyboard(page, number: int, right: list[str]) -> None:
    """Put the items in order with the 上へ buttons and the Enter key, hearing each move."""
    question = page.locator(f"#question-{number}")
    announce = page.locator("[data-quiz-announce]")
    # The numbered selects are for browsers without the script; with it, the buttons move items.
    expect(question.locator("select").first).to_be_hidden()
    for target, text in enumerate(right):
        shown = [t.strip() for t in question.locator(".quiz-ordering__text").all_inner_texts()]
        moves = shown.index(text) - target
        if not moves:
            continue
        up = question.get_by_role("button", name=f"「{text}」を上へ")
        up.focus()
        for _ in range(moves):
            page.keyboard.press("Enter")
        expect(announce).to_have_text(f"「{text}」を{target + 1}番目に移動しました。")
        expect(up).to_be_focused()
    shown = [t.strip() for t in question.locator(".quiz-ordering__text").all_inner_texts()]
    assert shown == right


def test_trainee_takes_the_quiz_ordering_by_keyboard_and_sees_the_mark(
    page, live_server_url, sign_in
):
    sign_in(page, "trainee.oita@example.jp")
    page.goto(live_server_url + QUIZ_PATH)
    expect(page.get_by_role("heading", level=1)).to_contain_text("理解度チェック")
    assert not _violations(page), _violations(page)
    page.get_by_role("button", name="受験を始める").click()
    expect(page.get_by_role("button", name="提出する")).to_be_visible()

    html = page.content()
    for _kind, value in QUESTIONS:
        assert value["feedback"] not in html
    ordering_number = None
    for number, (kind, value) in enumerate(QUESTIONS, start=1):
        if kind == "ordering":
            ordering_number = number
            shown = page.locator(f"#question-{number} .quiz-ordering__text").all_inner_texts()
            assert [t.strip() for t in shown] != value["items"]
        else:
            _answer(page, number, kind, value)
    report = [f"{width}px: {line}" for width in (1280,) for line in _violations(page)]
    page.set_viewport_size({"width": 360, "height": 740})
    report += [f"360px: {line}" for line in _violations(page)]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the quiz scrolls sideways by {overflow}px at 360px"
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not report, "axe violations:\n" + "\n".join(report)

    _order_by_keyboard(page, ordering_number, QUESTIONS[ordering_number - 1][1]["items"])
    page.get_by_role("button", name="提出する").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    expect(page.get_by_role("status")).to_contain_text("提出しました")
    total = sum(value["points"] for _kind, value in QUESTIONS)
    expect(page.locator("#quiz-score")).to_contain_text(f"{total}点 / {total}点")
    expect(page.locator(".quiz-result__verdict")).to_contain_text("合格")
    expect(page.get_by_role("heading", name="問いごとの結果と解説")).to_be_visible()
    assert not _violations(page), _violations(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert not _violations(page), _violations(page)


def test_without_javascript_the_ordering_is_done_with_number_selects(
    browser, live_server_url, sign_in
):
    context = browser.new_context(locale="ja-JP", java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "trainee.kochi@example.jp")
    page.goto(live_server_url + QUIZ_PATH)
    page.get_by_role("button", name="受験を始める").click()
    page.wait_for_load_state()
    for number, (kind, value) in enumerate(QUESTIONS, start=1):
        if kind != "ordering":
            _answer(page, number, kind, value)
            continue
        question = page.locator(f"#question-{number}")
        expect(question.get_by_role("button")).to_have_count(0)
        for position, text in enumerate(value["items"], start=1):
            question.get_by_label(f"「{text}」の順番").select_option(str(position))
    page.get_by_role("button", name="提出する").click()
    page.wait_for_load_state()
    total = sum(value["points"] for _kind, value in QUESTIONS)
    expect(page.locator("#quiz-score")).to_contain_text(f"{total}点 / {total}点")
    context.close()


def test_the_facilitator_reads_the_cohorts_results_and_an_attempt(
    browser, live_server_url, sign_in
):
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    sign_in(page, "facilitator.oita@example.jp")
    page.goto(live_server_url + QUIZ_PATH)
    page.locator("#quiz-results-heading + ul a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("の結果")
    expect(page.locator("table")).to_contain_text("合格")
    assert not _violations(page), _violations(page)
    page.get_by_role("link", name="答えを見る").first.click()
    expect(page.get_by_role("heading", name="問いごとの結果と解説")).to_be_visible()
    assert not _violations(page), _violations(page)
    context.close()


def test_an_ordering_item_can_be_dragged_into_place(browser, live_server_url, sign_in):
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    sign_in(page, "trainee.kochi@example.jp")
    page.goto(live_server_url + QUIZ_PATH)
    start = page.get_by_role("button", name="もう一度受験する").or_(
        page.get_by_role("button", name="受験を始める")
    )
    start.click()
    number = next(n for n, (kind, _v) in enumerate(QUESTIONS, start=1) if kind == "ordering")
    items = page.locator(f"#question-{number} [data-item]")
    second, first = items.nth(1), items.nth(0)
    text = second.locator(".quiz-ordering__text").inner_text().strip()
    second.drag_to(first, target_position={"x": 10, "y": 3})
    expect(page.locator("[data-quiz-announce]")).to_have_text(f"「{text}」を1番目に移動しました。")
    expect(items.nth(0).locator(".quiz-ordering__text")).to_have_text(text)
    assert items.nth(0).locator("select").input_value() == "1"
    assert items.nth(1).locator("select").input_value() == "2"
    context.close()
