"""The downloads after a bulk issue, read back: the ZIP of PDFs, the 台帳 in XLSX, CSV and CP932."""

import csv
import hashlib
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from certificates import services
from certificates.cp932 import MISSING_MARK
from certificates.services import pdf_bytes

pytestmark = pytest.mark.django_db

NAMES = ["𠮷田 花子", "山田〜太郎", "髙橋 ①", "=CMD()"]


@pytest.fixture
def issued(client, cohort_with_trainees, issuing_prefecture):
    """Four certificates of one cohort, one of them reissued; the admin is signed in."""
    _prefecture, admin = issuing_prefecture
    cohort, enrollments = cohort_with_trainees(NAMES)
    certificates = [services.certificate_issue(enrollment=e, by=admin) for e in enrollments]
    new = services.certificate_reissue(certificate=certificates[1], by=admin, reason="誤字")
    client.force_login(admin)
    return cohort, certificates, new


def _get(client, name, cohort):
    return client.get(reverse(f"certificates:{name}", kwargs={"cohort_id": cohort.pk}))


def _streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_zip_holds_each_valid_pdf_as_issued_named_by_its_number(client, issued):
    cohort, certificates, new = issued
    response = _get(client, "cohort_zip", cohort)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(_streamed(response)))
    valid = [certificates[0], new, certificates[2], certificates[3]]
    assert sorted(archive.namelist()) == sorted(f"{c.number}.pdf" for c in valid)
    assert f"{certificates[1].number}.pdf" not in archive.namelist()  # the reissued one
    for certificate in valid:
        data = archive.read(f"{certificate.number}.pdf")
        assert hashlib.sha256(data).hexdigest() == certificate.sha256
        assert data == pdf_bytes(certificate)
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(archive.read(f"{new.number}.pdf"))).pages
    )
    assert new.holder_name.replace(" ", "") in text.replace(" ", "").replace("\n", "")
    assert new.number in text


def _expected_rows(issued):
    _cohort, certificates, new = issued
    return [certificates[0], certificates[1], certificates[2], certificates[3], new]


def test_the_xlsx_register_lists_every_certificate_with_its_status(client, issued):
    cohort, certificates, new = issued
    response = _get(client, "cohort_register_xlsx", cohort)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("番号", "氏名", "ふりがな")
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {c.number for c in _expected_rows(issued)}
    old = by_number[certificates[1].number]
    assert old[8] == "再発行済み" and old[10] == new.number and old[9].startswith("令和")
    assert by_number[certificates[0].number][1] == "𠮷田 花子"
    assert by_number[certificates[0].number][6].startswith("令和")
    assert by_number[certificates[3].number][1] == "'=CMD()"  # formula-safe


def test_the_csv_register_is_utf8_with_a_bom(client, issued):
    cohort, _certificates, _new = issued
    response = _get(client, "cohort_register_csv", cohort)
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "番号" and len(rows) == 6
    names = {row[1] for row in rows[1:]}
    assert {"𠮷田 花子", "山田〜太郎", "髙橋 ①", "'=CMD()"} <= names


def test_the_cp932_register_names_each_lost_character_on_the_page_first(client, issued):
    cohort, certificates, _new = issued
    page = client.get(reverse("certificates:bulk_issue", kwargs={"cohort_id": cohort.pk}))
    assert page.status_code == 200
    from certificates import bulk

    run = bulk.BulkIssueRun.objects.create(
        cohort=cohort,
        prefecture=cohort.prefecture,
        total=0,
        status=bulk.BulkIssueStatus.DONE,
    )
    text = client.get(reverse("certificates:bulk_run", kwargs={"run_id": run.pk})).content.decode()
    assert "U+20BB7" in text and "U+301C" in text
    assert "U+2460" not in text  # ① is in CP932
    response = _get(client, "cohort_register_cp932", cohort)
    assert response["Content-Type"] == "text/csv; charset=Shift_JIS"
    rows = list(csv.reader(io.StringIO(response.content.decode("cp932"))))
    names = {row[0]: row[1] for row in rows[1:]}
    assert names[certificates[0].number] == f"{MISSING_MARK}田 花子"
    assert names[certificates[1].number] == f"山田{MISSING_MARK}太郎"
    assert names[certificates[2].number] == "髙橋 ①"
    assert "～" not in response.content.decode("cp932")


def test_an_empty_cohort_zip_sends_the_administrator_back_with_a_message(
    client, cohort_with_trainees, issuing_prefecture
):
    _prefecture, admin = issuing_prefecture
    cohort, _enrollments = cohort_with_trainees(["未発行 花子"])
    client.force_login(admin)
    response = _get(client, "cohort_zip", cohort)
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert "まだ有効な修了証がありません" in followed.content.decode()
