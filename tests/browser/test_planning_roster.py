"""In the browser: the committee member imports a CP932 roster with one bad row, sees its error,
sends the corrected file, confirms, finds the trainees in the cohort and downloads the day's .ics."""

from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COMMITTEE = "committee.oita@example.jp"
HEADER = "氏名,ふりがな,メールアドレス,市区町村,所属機関\r\n"


def _cp932(*lines: str) -> dict:
    body = (HEADER + "".join(line + "\r\n" for line in lines)).encode("cp932")
    return {"name": "名簿.csv", "mimeType": "text/csv", "buffer": body}


def test_cp932_roster_is_fixed_confirmed_and_the_day_downloads_as_ics(
    browser, live_server_url, sign_in
):
    context = browser.new_context(locale="ja-JP", accept_downloads=True)
    page = context.new_page()
    sign_in(page, COMMITTEE)
    page.goto(f"{live_server_url}/planning/")
    page.get_by_role("link", name="2026年度 伝達研修 年間計画").click()
    page.get_by_role("link", name="前期共通研修").first.click()
    day_url = page.url
    page.get_by_role("link", name="名簿の取り込み").click()
    expect(page.get_by_role("heading", name="前期共通研修の名簿", level=1)).to_be_visible()

    # The demo day's seats are shared among 大分県's 18 municipalities, so each row names one.
    good = "佐伯 ブラウザ,さいき ぶらうざ,saiki.browser@example.jp,佐伯市,"
    page.get_by_label("名簿ファイル（CSVまたはXLSX）").set_input_files(
        _cp932(good, ",ななし,nanashi.browser@example.jp,佐伯市,")
    )
    page.get_by_role("button", name="内容を確認する").click()
    expect(page.get_by_text("CP932（Shift_JIS）")).to_be_visible()
    expect(page.locator("tr.planning-row-error")).to_contain_text("氏名が空です。")
    expect(page.get_by_role("button", name="招待して登録する")).to_have_count(0)

    page.get_by_label("名簿ファイル（CSVまたはXLSX）").set_input_files(
        _cp932(good, "臼杵 ブラウザ,うすき ぶらうざ,usuki.browser@example.jp,臼杵市,")
    )
    page.get_by_role("button", name="内容を確認する").click()
    expect(page.get_by_text("すべての行を取り込めます。")).to_be_visible()
    page.get_by_role("button", name="招待して登録する").click()
    expect(page.get_by_text("2人を招待し、コホートに登録しました。")).to_be_visible()
    roster = page.locator("table.planning-roster")
    expect(roster).to_contain_text("佐伯 ブラウザ")
    expect(roster).to_contain_text("臼杵 ブラウザ")

    page.goto(day_url)
    with page.expect_download() as info:
        page.get_by_role("link", name="カレンダーに追加（.ics）").click()
    calendar = Calendar.from_ical(Path(info.value.path()).read_bytes())
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Tokyo"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "前期共通研修"
    assert str(event.decoded("DTSTART").tzinfo) == "Asia/Tokyo"
    context.close()
