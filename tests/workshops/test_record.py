"""The record after the session and its exports, read back: PDF, Markdown and CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from workshops import services
from workshops.models import Attendance
from workshops.pdf import ForbiddenResource, ProjectURLFetcher, render_pdf

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(make_workshop, oita):
    """A workshop with posts in two phases, a highlight, and attendance with known times."""
    setup = make_workshop(oita, trainees=4, group_size=2)
    workshop = setup.workshop
    writer = setup.trainee_in(1)
    first, _ = services.post_create(
        workshop_id=workshop.pk, author=writer, kind="strength", text="料理が得意", client_id="a"
    )
    services.phase_step(workshop=workshop, step=1)
    workshop.refresh_from_db()
    services.post_create(
        workshop_id=workshop.pk,
        author=writer,
        kind="question",
        text="# 見出し <script>x</script>",
        client_id="b",
    )
    services.highlight_set(workshop=workshop, post_id=first.pk, by=setup.facilitator)
    start = timezone.now() - timedelta(hours=2)
    for offset, length in ((0, 30), (20, 30), (90, 10)):  # overlapping tabs count once
        row = services.attendance_open(workshop_id=workshop.pk, user=writer)
        Attendance.objects.filter(pk=row.pk).update(
            joined_at=start + timedelta(minutes=offset),
            left_at=start + timedelta(minutes=offset + length),
        )
    writer.full_name = '=HYPERLINK("http://evil")'
    writer.save()
    return setup


def _as(client, user):
    client.logout()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def _url(name, workshop) -> str:
    return reverse(f"workshops:{name}", kwargs={"workshop_id": workshop.pk})


NAMES = ["record", "record_pdf", "record_markdown", "attendance_csv"]


@pytest.mark.parametrize("name", NAMES)
def test_the_record_is_for_facilitators_and_the_prefecture_admin(
    client, finished, make_person, oita, kochi, name
):
    workshop = finished.workshop
    for person in (finished.facilitator, make_person(oita, Role.PREFECTURE_ADMIN)):
        assert _as(client, person).get(_url(name, workshop)).status_code == 200
    # A trainee reads their own group's part (tests/workshops/test_record_access.py).
    for person in (
        make_person(kochi, Role.PREFECTURE_ADMIN),
        make_person(oita, Role.FACILITATOR),
        make_person(oita, Role.TRAINEE),
    ):
        assert _as(client, person).get(_url(name, workshop)).status_code == 404
    client.logout()
    assert client.get(_url(name, workshop)).status_code == 302


def test_the_record_page_shows_posts_by_phase_escaped(client, finished):
    page = _as(client, finished.facilitator).get(_url("record", finished.workshop)).content.decode()
    assert "グループ1" in page and "事例提示" in page and "質問・情報収集" in page
    assert "料理が得意" in page
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page


def test_the_pdf_has_the_posts_in_a_japanese_font(client, finished):
    response = _as(client, finished.facilitator).get(_url("record_pdf", finished.workshop))
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    for expected in ("グループ1", "料理が得意", "全体共有", "質問・情報収集"):
        assert expected in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Noto" in name and "CJK" in name for name in fonts), fonts


def test_the_markdown_has_headings_and_escapes_post_text(client, finished):
    response = _as(client, finished.facilitator).get(_url("record_markdown", finished.workshop))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert "## グループ1" in text and "### 事例提示" in text and "### 質問・情報収集" in text
    assert "\\# 見出し \\<script\\>x\\</script\\>" in text
    assert "\n# 見出し" not in text


def test_the_attendance_csv_opens_in_excel_and_merges_overlaps(client, finished):
    response = _as(client, finished.facilitator).get(_url("attendance_csv", finished.workshop))
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "氏名", "ふりがな", "所属機関", "市区町村", "グループ", "出欠", "最初の入室", "最後の退室",
        "接続時間（分）",
    ]  # fmt: skip
    present = [row for row in rows[1:] if row[5] == "出席"]
    assert len(present) == 1
    assert present[0][0].startswith("'=HYPERLINK")
    assert present[0][4] == "グループ1" and present[0][8] == "60"


def test_an_empty_workshop_still_exports(client, make_workshop, oita):
    setup = make_workshop(oita, assign=False)
    _as(client, setup.facilitator)
    for name in NAMES:
        assert client.get(_url(name, setup.workshop)).status_code == 200
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(_url("attendance_csv", setup.workshop)).content.decode("utf-8-sig")
            )
        )
    )
    # Nobody connected: every enrolled trainee is listed as absent.
    assert len(rows) == 1 + len(setup.trainees)
    assert {row[5] for row in rows[1:]} == {"欠席"}


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/a.css",
        "file:///etc/passwd",
        "static:../../config/settings.py",
        "static:nope.css",
    ],
)
def test_the_pdf_renderer_fetches_nothing_but_project_static_files(url):
    with pytest.raises(ForbiddenResource):
        ProjectURLFetcher().fetch(url)


def test_the_pdf_renderer_serves_project_static_files():
    response = ProjectURLFetcher().fetch("static:css/site.css")
    assert b"--brand" in response.read() and response.headers["Content-Type"] == "text/css"


def test_rendering_html_with_outside_references_does_not_fetch_them():
    asked, refused = [], []

    class Spy(ProjectURLFetcher):
        def fetch(self, url, headers=None):
            asked.append(url)
            try:
                return super().fetch(url, headers)
            except ForbiddenResource:
                refused.append(url)
                raise

    pdf = render_pdf(
        '<img src="http://example.com/x.png"><img src="file:///etc/passwd">'
        '<link rel="stylesheet" href="https://example.com/a.css"><p>本文</p>',
        fetcher=Spy(),
    )
    assert pdf.startswith(b"%PDF")
    assert len(asked) == 3 and refused == asked


def test_attendance_lists_every_enrolled_trainee_with_absent_ones_as_absent(
    client, finished, make_person, oita
):
    """Before, only people who connected were listed: the absent vanished from the record."""
    workshop = finished.workshop
    withdrawn = finished.trainees[-1]
    withdrawn.enrollments.update(status="withdrawn")
    writer = finished.trainee_in(1)
    absent = [t for t in finished.trainees[:-1] if t != writer]
    _as(client, finished.facilitator)
    rows = list(
        csv.reader(
            io.StringIO(client.get(_url("attendance_csv", workshop)).content.decode("utf-8-sig"))
        )
    )[1:]
    by_name = {row[0]: row for row in rows}
    assert len(rows) == 1 + len(absent)
    for person in absent:
        row = by_name[person.get_full_name()]
        assert row[5] == "欠席" and row[6] == "" and row[8] == "0"
    assert withdrawn.get_full_name() not in by_name
    page = client.get(_url("record", workshop)).content.decode()
    assert page.count("欠席") == len(absent)
    markdown = client.get(_url("record_markdown", workshop)).content.decode()
    for person in absent:
        assert f"{person.get_full_name()}（" in markdown
    assert markdown.count(" 欠席") == len(absent)
