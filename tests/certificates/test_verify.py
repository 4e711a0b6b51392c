"""/verify/: anyone checks a code or a PDF; it shows only the certificate's public fields."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from certificates import selectors, services
from certificates.models import Certificate
from certificates.services import pdf_bytes
from certificates.verify import PDF_MAX_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(cohort_with_trainees, issuing_prefecture):
    """A valid certificate of 𠮷田 花子, signed, with the admin who issued it."""
    _prefecture, admin = issuing_prefecture
    _cohort, (enrollment,) = cohort_with_trainees(["𠮷田 花子"])
    certificate = services.certificate_issue(enrollment=enrollment, by=admin)
    return certificate, admin


def _page(client, code):
    return client.get(reverse("verify:code", kwargs={"code": code}))


def test_a_valid_code_shows_the_public_fields_and_nothing_more(client, issued):
    certificate, _admin = issued
    certificate.enrollment.trainee.furigana = "よしだ はなこ"
    certificate.enrollment.trainee.save()
    response = _page(client, certificate.code)
    assert response.status_code == 200
    text = response.content.decode()
    for shown in (
        "有効",
        "𠮷田 花子",
        certificate.program_title,
        certificate.issuer_line,
        certificate.number,
        "令和",
    ):
        assert shown in text
    assert certificate.enrollment.trainee.email not in text
    assert "よしだ" not in text
    assert certificate.cohort_title not in text
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.parametrize(
    "typed", ["lower", "spaced", "compact", "fullwidth"], ids=lambda value: value
)
def test_the_form_takes_the_code_however_it_is_typed(client, issued, typed):
    code = issued[0].code
    variants = {
        "lower": code.lower(),
        "spaced": " ".join(code.split("-")),
        "compact": code.replace("-", ""),
        "fullwidth": code.replace("-", "－"),
    }
    response = client.get(reverse("verify:start"), {"code": variants[typed]})
    assert response.status_code == 302
    assert response["Location"] == reverse("verify:code", kwargs={"code": code})


def test_a_lower_case_url_goes_to_the_code_as_printed(client, issued):
    code = issued[0].code
    response = _page(client, code.lower().replace("-", ""))
    assert response.status_code == 302
    assert response["Location"] == reverse("verify:code", kwargs={"code": code})


def test_unknown_malformed_and_very_long_codes_get_japanese_messages(client, issued):
    unknown = _page(client, "AAAA-BBBB-CCCC")
    assert unknown.status_code == 404
    assert "見つかりません" in unknown.content.decode()
    for bad in ("ABC", "ABCD-EFGH-JKM!", "あいうえおかきくけこさし", "A" * 5000):
        response = _page(client, bad)
        assert response.status_code == 404, bad
        assert "形式が正しくありません" in response.content.decode()
    for bad in ("ABC", "A" * 5000, ""):
        response = client.get(reverse("verify:start"), {"code": bad})
        assert response.status_code == 200
        text = response.content.decode()
        assert "確認コード" in text and ("形式" in text or "長すぎ" in text or "入力" in text)


def test_a_revoked_certificate_shows_its_date_and_a_reissued_one_links_the_new(client, issued):
    certificate, admin = issued
    new = services.certificate_reissue(certificate=certificate, by=admin, reason="氏名の誤字")
    text = _page(client, certificate.code).content.decode()
    assert "再発行済み" in text
    assert reverse("verify:code", kwargs={"code": new.code}) in text
    assert new.number in text
    assert "氏名の誤字" not in text  # the reason is the administrator's, not public
    services.certificate_revoke(certificate=new, by=admin, reason="受講資格の誤り")
    text = _page(client, new.code).content.decode()
    assert "失効" in text and "令和" in text and "に失効しました" in text


def _upload(client, code, data: bytes, name="certificate.pdf"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("verify:code", kwargs={"code": code}), {"pdf": file})


def test_the_issued_pdf_is_recognised_as_issued_and_unaltered(client, issued):
    certificate, _admin = issued
    response = _upload(client, certificate.code, pdf_bytes(certificate))
    assert response.status_code == 200
    text = response.content.decode()
    assert "発行された修了証そのものです" in text
    assert "電子署名も有効です" in text


def test_a_pdf_changed_by_one_byte_is_not_the_issued_one(client, issued):
    certificate, _admin = issued
    data = bytearray(pdf_bytes(certificate))
    index = data.rindex(b"/Producer") if b"/Producer" in data else len(data) // 2
    data[index + 3] ^= 0x01
    text = _upload(client, certificate.code, bytes(data)).content.decode()
    assert "一致しません" in text
    assert "そのものです" not in text


def test_another_signed_certificate_is_not_this_one(client, issued, cohort_with_trainees):
    certificate, admin = issued
    _cohort, (other,) = cohort_with_trainees(["山田 太郎"])
    other_certificate = services.certificate_issue(enrollment=other, by=admin)
    text = _upload(client, certificate.code, pdf_bytes(other_certificate)).content.decode()
    assert "この確認コードの修了証ではありません" in text


def test_a_file_that_is_not_a_pdf_is_refused_in_japanese(client, issued):
    response = _upload(client, issued[0].code, "ただのテキスト".encode(), name="a.pdf")
    assert response.status_code == 400
    assert "PDFではありません" in response.content.decode()
    empty = client.post(reverse("verify:code", kwargs={"code": issued[0].code}), {})
    assert empty.status_code == 400
    assert "選んでください" in empty.content.decode()


def test_a_50_mb_upload_is_refused_by_its_declared_size_before_it_is_parsed(
    client, issued, monkeypatch
):
    from django.http import multipartparser

    def parsed(*args, **kwargs):
        raise AssertionError("the body was parsed")

    monkeypatch.setattr(multipartparser.MultiPartParser, "parse", parsed)
    response = _upload(client, issued[0].code, b"%PDF-1.7\n" + b"0" * (50 * 1024 * 1024))
    assert response.status_code == 413
    assert "ファイルが大きすぎます" in response.content.decode()


def test_an_upload_just_over_the_limit_without_a_usable_length_is_dropped(client, issued):
    # A body whose declared length is small enough passes the first check; the upload
    # handler still drops a file past the limit instead of keeping it.
    from certificates.verify import CappedUploadHandler

    handler = CappedUploadHandler(None)
    handler.new_file("pdf", "a.pdf", "application/pdf", PDF_MAX_BYTES + 1)
    from django.core.files.uploadhandler import SkipFile

    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"0" * (PDF_MAX_BYTES + 1), 0)
    assert handler.too_large


def test_the_upload_keeps_its_csrf_check(issued):
    client = Client(enforce_csrf_checks=True)
    response = _upload(client, issued[0].code, pdf_bytes(issued[0]))
    assert response.status_code == 403


def test_known_and_unknown_codes_share_one_limit(client, issued, settings):
    settings.CERTIFICATE_VERIFY_RATE = "3/m"
    assert _page(client, issued[0].code).status_code == 200
    assert _page(client, "AAAA-BBBB-CCCC").status_code == 404
    assert _page(client, "ZZZZ-ZZZZ-ZZZZ").status_code == 404
    for code in (issued[0].code, "AAAA-BBBB-CCCC"):
        response = _page(client, code)
        assert response.status_code == 429
        assert issued[0].holder_name not in response.content.decode()


def test_the_page_needs_no_sign_in_and_the_form_renders(client):
    response = client.get(reverse("verify:start"))
    assert response.status_code == 200
    assert "確認コード" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_known_and_unknown_codes_take_the_same_lookup(client, issued):
    """One query on the certificates, the same, before either answer: no shortcut for a miss."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lookups = []
    for code in (issued[0].code, "AAAA-BBBB-CCCC"):
        with CaptureQueriesContext(connection) as queries:
            _page(client, code)
        lookups.append(
            [q["sql"].replace(code, "?") for q in queries if "certificates_certificate" in q["sql"]]
        )
    assert len(lookups[0]) == 1
    assert lookups[0] == lookups[1]


def test_a_reissued_page_and_a_pdf_check_read_the_certificates_in_one_query(client, issued):
    """The lookup loads every column the page and the check use, its successor's too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    certificate, admin = issued
    data = pdf_bytes(certificate)
    new = services.certificate_reissue(certificate=certificate, by=admin, reason="氏名の誤字")
    with CaptureQueriesContext(connection) as queries:
        text = _page(client, certificate.code).content.decode()
        checked = _upload(client, certificate.code, data).content.decode()
    assert new.number in text and reverse("verify:code", kwargs={"code": new.code}) in text
    assert "発行された修了証そのものです" in checked
    reads = [q for q in queries if "certificates_certificate" in q["sql"]]
    assert len(reads) == 2  # one per request


def test_the_lookup_reads_every_field_as_the_orm_does(issued):
    certificate, admin = issued
    new = services.certificate_reissue(certificate=certificate, by=admin, reason="氏名の誤字")
    services.certificate_revoke(certificate=new, by=admin, reason="受講資格の誤り")
    for code, successor in ((certificate.code, new), (new.code, None)):
        found = selectors.certificate_by_code(code)
        stored = Certificate.objects.get(code=code)
        for name in selectors.PUBLIC_COLUMNS:
            field = Certificate._meta.get_field(name)
            read, kept = getattr(found, field.attname), getattr(stored, field.attname)
            assert (read, type(read)) == (kept, type(kept)), name  # True, not 1, on SQLite
        assert found.pk == stored.pk
        assert found.successor_code == (successor.code if successor else None)
        assert found.successor_number == (successor.number if successor else None)
    assert selectors.certificate_by_code("ZZZZ-ZZZZ-ZZZ9") is None
