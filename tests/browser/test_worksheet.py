"""In the browser: a trainee writes the plan (autosaved), submits it; the facilitator returns it with
a comment; the trainee reads it beside their text, revises and resubmits; the facilitator accepts.
axe-core finds nothing on the trainee's form, the queue and the review page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# trainee.oita's worksheet stays unstarted for the other demo walks; trainee2.oita's waits.
TRAINEE = "trainee3.oita@example.jp"
TRAINEE_NAME = "支援 美咲"
FACILITATOR = "facilitator.oita@example.jp"
WORKSHEET = "/programs/zenki-kyotsu/plan-worksheet/"
QUEUE = "/assessments/worksheets/queue/"
WIDTHS = ({"width": 1280, "height": 800}, {"width": 360, "height": 740})

_axe = Axe()


def _audit(page) -> list[str]:
    report = []
    for viewport in WIDTHS:
        page.set_viewport_size(viewport)
        for v in _axe.run(page).response["violations"]:
            targets = [node["target"] for node in v["nodes"]]
            report.append(f"{viewport['width']}px {page.url}: {v['id']} ({v['impact']}): {targets}")
    page.set_viewport_size(WIDTHS[0])
    return report


def _open_review(page, base: str) -> None:
    page.goto(base + QUEUE)
    page.get_by_role("link", name=TRAINEE_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TRAINEE_NAME)


def test_a_plan_is_written_returned_revised_and_accepted(browser, live_server_url, sign_in):
    base = live_server_url
    violations = []
    trainee_context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    trainee = trainee_context.new_page()
    sign_in(trainee, TRAINEE)
    trainee.goto(base + WORKSHEET)
    expect(trainee.get_by_role("heading", level=1)).to_contain_text("プラン作成演習")
    violations += _audit(trainee)

    # Typing is kept by autosave: the status line says so, and a new tab finds the text.
    trainee.get_by_label("課題と背景要因").fill("退院後の住まいが決まっていない。身寄りが少ない。")
    expect(trainee.locator("#count-issues")).to_contain_text("24 / 2000文字")
    expect(trainee.locator("#autosave-status")).to_contain_text("保存しました")
    trainee.close()
    trainee = trainee_context.new_page()
    trainee.goto(base + WORKSHEET)
    expect(trainee.get_by_label("課題と背景要因")).to_have_value(
        "退院後の住まいが決まっていない。身寄りが少ない。"
    )

    trainee.get_by_label("本人の目指す姿（長期目標）").fill("地域で暮らしたい")
    trainee.get_by_label("達成目標（短期）").fill("退院までに住まいを決める")
    trainee.get_by_label("本人が取り組むこと").fill("内覧に行く")
    trainee.get_by_label("支援内容").fill("居住支援協議会を通じて住まいを探す")
    trainee.get_by_label("住居確保給付金").check()
    trainee.get_by_label("プラン期間").fill("6か月")
    trainee.get_by_label("次回モニタリング時期").fill("1か月後")
    trainee.get_by_label("本人から、このプランに基づく支援への同意を得た").check()
    trainee.get_by_role("button", name="提出する").click()
    expect(trainee.get_by_role("status").first).to_contain_text("プランを提出しました")
    expect(trainee.get_by_label("課題と背景要因")).to_have_count(0)

    facilitator_context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    facilitator = facilitator_context.new_page()
    sign_in(facilitator, FACILITATOR)
    facilitator.goto(base + QUEUE)
    row = facilitator.locator("tr", has_text=TRAINEE_NAME)
    expect(row).to_contain_text(re.compile("たった今|分待ち"))
    violations += _audit(facilitator)
    _open_review(facilitator, base)
    violations += _audit(facilitator)
    facilitator.get_by_label("「本人の目指す姿（長期目標）」へのコメント").fill(
        "本人の言葉で、具体的に書きましょう。"
    )
    facilitator.get_by_role("button", name="差し戻す").click()
    expect(facilitator.get_by_role("status").first).to_contain_text("プランを差し戻しました")

    trainee.reload()
    goal = trainee.get_by_label("本人の目指す姿（長期目標）")
    expect(goal).to_have_value("地域で暮らしたい")
    expect(trainee.locator("#comment-long_term_goal")).to_contain_text(
        "本人の言葉で、具体的に書きましょう。"
    )
    # Beside the text on a wide screen: the comment starts to the right of the field.
    field_box = goal.bounding_box()
    comment_box = trainee.locator("#comment-long_term_goal").bounding_box()
    assert comment_box["x"] > field_box["x"] + field_box["width"] - 1
    violations += _audit(trainee)
    goal.fill("「住み慣れた地域で、自分のペースで暮らしたい」")
    trainee.get_by_role("button", name="提出する").click()
    expect(trainee.get_by_role("status").first).to_contain_text("プランを提出しました")

    _open_review(facilitator, base)
    expect(
        facilitator.get_by_text("「住み慣れた地域で、自分のペースで暮らしたい」").first
    ).to_be_visible()
    for score in facilitator.locator("input[type=number]").all():
        score.fill("4")
    facilitator.get_by_role("button", name="承認する").click()
    expect(facilitator.get_by_role("status").first).to_contain_text("プランを承認しました")
    expect(facilitator.locator("tr", has_text=TRAINEE_NAME)).to_have_count(0)

    trainee.reload()
    expect(trainee.get_by_text("このプランは承認されました。")).to_be_visible()
    expect(trainee.get_by_text("2回目の提出", exact=False)).to_be_visible()
    trainee_context.close()
    facilitator_context.close()
    assert not violations, "axe violations:\n" + "\n".join(violations)
