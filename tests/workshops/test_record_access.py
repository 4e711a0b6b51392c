"""Who reads which part of the record: a trainee their own group and the highlights, no more."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from workshops import services

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_boards(make_workshop, oita):
    """Two groups with one post each; group 2's post was brought to the plenary."""
    setup = make_workshop(oita, trainees=4, group_size=2)
    workshop = setup.workshop
    services.post_create(
        workshop_id=workshop.pk,
        author=setup.trainee_in(1),
        kind="strength",
        text="一班の強み",
        client_id="one",
    )
    shared, _ = services.post_create(
        workshop_id=workshop.pk,
        author=setup.trainee_in(2),
        kind="question",
        text="二班の問い",
        client_id="two",
    )
    services.post_create(
        workshop_id=workshop.pk,
        author=setup.trainee_in(2),
        kind="notice",
        text="二班だけの気づき",
        client_id="three",
    )
    services.highlight_set(workshop=workshop, post_id=shared.pk, by=setup.facilitator)
    services.workshop_end(workshop=workshop)
    return setup


def _as(client, user):
    client.logout()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def _url(name, workshop) -> str:
    return reverse(f"workshops:{name}", kwargs={"workshop_id": workshop.pk})


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_trainee_reads_their_own_groups_posts_and_the_highlights_only(client, two_boards):
    trainee = two_boards.trainee_in(1)
    page = _as(client, trainee).get(_url("record", two_boards.workshop))
    assert page.status_code == 200
    html = page.content.decode()
    assert "一班の強み" in html
    assert "二班の問い" in html  # brought to the plenary, which everyone saw
    assert "二班だけの気づき" not in html
    # No attendance: it names every trainee of the cohort.
    assert "出席の一覧" not in html
    assert _url("attendance_csv", two_boards.workshop) not in html
    for other in two_boards.workshop.groups.get(number=2).members.all():
        assert other.trainee.get_full_name() not in html


def test_a_trainees_exports_hold_their_group_and_the_highlights_only(client, two_boards):
    trainee = two_boards.trainee_in(1)
    _as(client, trainee)
    pdf = client.get(_url("record_pdf", two_boards.workshop))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "一班の強み" in text and "二班の問い" in text
    assert "二班だけの気づき" not in text
    for other in two_boards.workshop.groups.get(number=2).members.all():
        assert other.trainee.get_full_name() not in text
    markdown = client.get(_url("record_markdown", two_boards.workshop)).content.decode()
    assert "## グループ1" in markdown and "## グループ2" not in markdown
    assert "一班の強み" in markdown and "二班の問い" in markdown
    assert "二班だけの気づき" not in markdown and "## 出席" not in markdown


def test_a_trainee_cannot_download_the_attendance(client, two_boards):
    trainee = two_boards.trainee_in(1)
    assert _as(client, trainee).get(_url("attendance_csv", two_boards.workshop)).status_code == 404


@pytest.mark.parametrize("name", ["record", "record_pdf", "record_markdown", "attendance_csv"])
def test_people_outside_the_cohort_get_404(client, two_boards, make_person, oita, kochi, name):
    for outsider in (
        make_person(oita, Role.TRAINEE),
        make_person(kochi, Role.TRAINEE),
        make_person(kochi, Role.PREFECTURE_ADMIN),
    ):
        assert _as(client, outsider).get(_url(name, two_boards.workshop)).status_code == 404


def test_another_prefectures_record_is_404_even_for_an_enrolled_trainee_there(
    client, two_boards, make_workshop, kochi
):
    other = make_workshop(kochi)
    trainee = two_boards.trainee_in(1)
    assert _as(client, trainee).get(_url("record", other.workshop)).status_code == 404
    stranger = other.trainees[0]
    assert _as(client, stranger).get(_url("record", two_boards.workshop)).status_code == 404


def test_a_trainee_in_no_group_sees_the_highlights_and_a_clear_message(client, two_boards):
    trainee = two_boards.trainee_in(1)
    two_boards.workshop.members.filter(trainee=trainee).delete()
    html = _as(client, trainee).get(_url("record", two_boards.workshop)).content.decode()
    assert "グループに入っていなかったため、全体共有だけを表示しています" in html
    assert "二班の問い" in html
    assert "一班の強み" not in html and "二班だけの気づき" not in html
    markdown = client.get(_url("record_markdown", two_boards.workshop)).content.decode()
    assert "全体共有だけを載せています" in markdown and "一班の強み" not in markdown


def test_the_full_record_still_holds_every_group_for_the_facilitator(client, two_boards):
    html = _as(client, two_boards.facilitator).get(_url("record", two_boards.workshop))
    text = html.content.decode()
    assert "一班の強み" in text and "二班だけの気づき" in text and "出席の一覧" in text


def test_the_board_and_mypage_link_the_trainee_to_their_record(client, two_boards):
    trainee = two_boards.trainee_in(1)
    record = _url("record", two_boards.workshop)
    assert record in _as(client, trainee).get(_url("board", two_boards.workshop)).content.decode()
    mypage = client.get(reverse("accounts:mypage")).content.decode()
    assert "終わったグループワークの記録" in mypage and record in mypage
    assert client.get(record).status_code == 200
