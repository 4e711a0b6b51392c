"""Roster import: every row checked with a Japanese error, all or nothing, CP932 losses reported."""

import io
import re
import zipfile

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Invitation, Membership, Organisation, Role
from accounts.services import organisation_create
from courses.models import Enrollment
from planning.roster import CP932, UTF8, XLSX, RosterFileError, read_roster
from planning.services.errors import PlanningError
from planning.services.roster import roster_check, roster_import_confirm
from planning.services.training import training_day_save
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def run_worker() -> None:
    """Run every queued task in the database backend's own worker, then return."""
    call_command(
        "db_worker",
        "--backend",
        settings.BACKGROUND_TASKS,
        batch=True,
        reload=False,
        startup_delay=False,
        interval=0.1,
        verbosity=0,
    )


HEADER = "氏名,ふりがな,メールアドレス,市区町村,所属機関\r\n"


def _csv(lines: list[str], encoding: str = "utf-8") -> bytes:
    return (HEADER + "".join(line + "\r\n" for line in lines)).encode(encoding, errors="replace")


@pytest.fixture
def roster_day(oita_plan, make_program, make_cohort):
    """The plan's first training day, linked to a 大分県 cohort of 40, with two organisations."""
    prefecture = oita_plan.committee.prefecture
    organisation_create(
        prefecture=prefecture,
        name="大分市自立相談支援センター",
        kind="self_reliance",
        municipality="大分市",
    )
    organisation_create(
        prefecture=prefecture, name="別府市社会福祉協議会", kind="shakyo", municipality="別府市"
    )
    cohort = make_cohort(make_program(lessons=1), prefecture)
    day = oita_plan.training_days.order_by("date").first()
    return training_day_save(
        plan=oita_plan,
        day=day,
        title=day.title,
        date=day.date,
        starts_at=day.starts_at,
        ends_at=day.ends_at,
        capacity=40,
        cohort=cohort,
    )


@pytest.fixture
def editor(client, roster_day, make_member):
    member = make_member(roster_day.plan)
    assert client.login(email=member.user.email, password=PASSWORD)
    return member.user


def _upload(client, day, content: bytes, name: str = "名簿.csv"):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("planning:roster_upload", args=[day.pk]), {"file": upload})


def _nothing_saved(day):
    assert not Enrollment.objects.filter(cohort=day.cohort).exists()
    assert not Invitation.objects.exists()


GOOD = [
    "吉田 花子,よしだ はなこ,hanako@example.jp,大分市,大分市自立相談支援センター",
    "別府 太郎,べっぷ たろう,taro@example.jp,別府市,別府市社会福祉協議会",
]


# Transactional, so the queued mails are committed and the real worker (which closes the
# connection when done) sends them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_utf8_csv_previews_then_confirms_invites_and_enrols(
    client, editor, roster_day, django_capture_on_commit_callbacks
):
    response = _upload(
        client, roster_day, _csv(["𠮷田 一郎,よしだ いちろう,ichiro@example.jp,,", *GOOD])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "UTF-8" in page and "𠮷田 一郎" in page
    preview = response.context["preview"]
    assert preview.valid and preview.encoding == UTF8 and len(preview.rows) == 3
    _nothing_saved(roster_day)  # the preview saves nothing

    payload = response.context["confirm_form"]["payload"].value()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("planning:roster_confirm", args=[roster_day.pk]), {"payload": payload}
        )
    assert done.status_code == 302
    enrolled = Enrollment.objects.filter(cohort=roster_day.cohort).select_related("trainee")
    assert {e.trainee.email for e in enrolled} == {
        "ichiro@example.jp",
        "hanako@example.jp",
        "taro@example.jp",
    }
    assert {e.status for e in enrolled} == {Enrollment.Status.INVITED}
    assert enrolled.get(trainee__email="ichiro@example.jp").trainee.full_name == "𠮷田 一郎"
    hanako = Membership.objects.get(user__email="hanako@example.jp", role=Role.TRAINEE)
    assert hanako.organisation.name == "大分市自立相談支援センター"
    assert Invitation.objects.filter(role=Role.TRAINEE).count() == 3
    # A roster's mails are the task worker's: none leaves with the request.
    assert mail.outbox == []
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["ichiro@example.jp", "hanako@example.jp", "taro@example.jp"]
    )
    [ichiro] = [m for m in mail.outbox if m.to == ["ichiro@example.jp"]]
    assert "/accounts/password/reset/key/" in ichiro.body

    # The export reads back with the import's columns and the same people.
    export = client.get(reverse("planning:roster_export", args=[roster_day.pk]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("氏名", "ふりがな", "メールアドレス", "市区町村", "所属機関", "状態")
    assert ("𠮷田 一郎", "よしだ いちろう", "ichiro@example.jp", None, None, "招待中") in rows


def test_cp932_csv_shows_every_rows_error_and_saves_nothing(client, editor, roster_day):
    lines = [
        GOOD[0],
        ",なし,noname@example.jp,大分市,",  # empty 氏名
        "重複 一子,,HANAKO@example.jp,,",  # the same address as row 2, in capitals
        "形式 誤子,,not-an-address,,",
        "市町 村子,,mura@example.jp,大分村,",
        "𠮷野 次郎,よしの じろう,jiro@example.jp,,",  # 𠮷 becomes "?" in CP932
    ]
    content = _csv(lines, "cp932")
    assert b"?" in content
    response = _upload(client, roster_day, content)
    assert response.status_code == 400
    preview = response.context["preview"]
    assert preview.encoding == CP932 and not preview.valid
    errors = {row.line: " ".join(row.errors) for row in preview.rows}
    assert errors[2] == ""
    assert "氏名が空です" in errors[3]
    assert "2行目と重複" in errors[4]
    assert "メールアドレスの形が正しくありません" in errors[5]
    assert "「大分村」は大分県の市区町村として登録されていません" in errors[6]
    assert "𠮷など" in errors[7] and "UTF-8" in errors[7]
    assert response.context["confirm_form"] is None
    assert "CP932" in response.content.decode()
    _nothing_saved(roster_day)


def test_rows_beyond_the_cohorts_seats_wait_instead_of_failing(roster_day, editor):
    cohort = roster_day.cohort
    cohort.capacity = 1
    cohort.save(update_fields=["capacity"])
    preview = roster_check(day=roster_day, roster=read_roster(_csv(GOOD)))
    assert preview.valid and preview.waiting_count == 1
    assert [row.waiting for row in preview.rows] == [None, 1]


def test_confirm_rechecks_and_refuses_the_whole_file(roster_day, editor, make_person):
    roster = read_roster(_csv(GOOD))
    assert roster_check(day=roster_day, roster=roster).valid
    # the second row's organisation went meanwhile
    Organisation.objects.filter(name="別府市社会福祉協議会").delete()
    with pytest.raises(PlanningError) as refused:
        roster_import_confirm(day=roster_day, roster=roster, invited_by=editor, site_url="http://x")
    assert refused.value.code == "roster_invalid"
    _nothing_saved(roster_day)


def _xlsx_with_cached_formula() -> bytes:
    """An XLSX as Excel saves it: a formula with its last value, and a formula-like text."""
    book = Workbook()
    sheet = book.active
    sheet.append(["氏名", "ふりがな", "メールアドレス", "市区町村", "所属機関"])
    sheet.append(['="大分"&"花子"', "おおいた はなこ", "oita@example.jp", "大分市", None])
    sheet.append(["'=HYPERLINK(1)", "", "formula@example.jp", None, None])
    out = io.BytesIO()
    book.save(out)
    # openpyxl keeps no computed values; put in the one Excel would have stored.
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(
                    r'<c r="A2"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?',
                    r'<c r="A2" t="str"><f>\2</f><v>大分花子</v>',
                    text,
                )
                data = text.encode()
            target.writestr(info, data)
    return patched.getvalue()


def test_xlsx_formulas_are_read_as_their_values(client, editor, roster_day):
    content = _xlsx_with_cached_formula()
    roster = read_roster(content, "名簿.xlsx")
    assert roster.encoding == XLSX
    assert roster.rows[0]["full_name"] == "大分花子"
    assert roster.rows[1]["full_name"] == "'=HYPERLINK(1)"
    response = _upload(client, roster_day, content, "名簿.xlsx")
    assert response.status_code == 200 and response.context["preview"].valid


def test_export_neutralises_formula_like_names(client, editor, roster_day, make_person):
    trainee = make_person(roster_day.plan.committee.prefecture, full_name="=SUM(A1)")
    Enrollment.objects.create(trainee=trainee, cohort=roster_day.cohort)
    export = client.get(reverse("planning:roster_export", args=[roster_day.pk]))
    cell = load_workbook(io.BytesIO(export.content)).active["A2"]
    assert cell.value == "'=SUM(A1)" and cell.data_type == "s"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "名簿.csv",
            "CSVでもExcel（.xlsx）でもないファイル",
        ),
        (
            HEADER.encode() + b"\x81\x39\xff,x@example.jp\r\n",
            "名簿.csv",
            "文字コードを読み取れません",
        ),
        (
            "氏名,ふりがな\r\n山田,やまだ\r\n".encode(),
            "名簿.csv",
            "必要な列がありません：メールアドレス",
        ),
        (b"PK\x03\x04broken", "名簿.xlsx", "Excelファイルとして読めません"),
        (HEADER.encode(), "名簿.csv", "見出しの下に受講者の行がありません"),
    ],
    ids=["binary", "wrong-encoding", "missing-column", "broken-xlsx", "no-rows"],
)
def test_unreadable_files_get_a_japanese_message(
    client, editor, roster_day, content, name, message
):
    response = _upload(client, roster_day, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    _nothing_saved(roster_day)


def test_a_10_mb_file_is_refused_before_it_is_read(client, editor, roster_day):
    response = _upload(client, roster_day, _csv(GOOD) + b"x" * (10 * 1024 * 1024))
    assert response.status_code == 400
    assert "ファイルが大きすぎます（10.0 MB）。2 MBまで" in response.content.decode()
    _nothing_saved(roster_day)
    with pytest.raises(RosterFileError):
        read_roster(b"x" * (2 * 1024 * 1024 + 1))


def test_too_many_rows_are_refused():
    lines = [f"受講者{n},,p{n}@example.jp,," for n in range(2001)]
    with pytest.raises(RosterFileError) as refused:
        read_roster(_csv(lines))
    assert refused.value.code == "too_many_rows"


def test_forged_or_foreign_confirm_is_refused(client, editor, roster_day, oita_plan):
    response = _upload(client, roster_day, _csv(GOOD))
    payload = response.context["confirm_form"]["payload"].value()
    url = reverse("planning:roster_confirm", args=[roster_day.pk])
    forged = client.post(url, {"payload": payload[:-2] + "xx"})
    assert (
        forged.status_code == 400 and "もう一度ファイルを選んでください" in forged.content.decode()
    )
    other_day = oita_plan.training_days.exclude(pk=roster_day.pk).first()
    elsewhere = client.post(
        reverse("planning:roster_confirm", args=[other_day.pk]), {"payload": payload}
    )
    assert elsewhere.status_code == 400 and "別の研修日の名簿" in elsewhere.content.decode()
    _nothing_saved(roster_day)


def test_other_prefectures_and_trainees_get_404(client, roster_day, kochi, make_person):
    for user in (
        make_person(kochi, Role.COMMITTEE),
        make_person(roster_day.plan.committee.prefecture),
    ):
        assert client.login(email=user.email, password=PASSWORD)
        for name in ("roster_upload", "roster_export"):
            assert client.get(reverse(f"planning:{name}", args=[roster_day.pk])).status_code == 404
        assert (
            client.post(reverse("planning:roster_confirm", args=[roster_day.pk])).status_code == 404
        )
