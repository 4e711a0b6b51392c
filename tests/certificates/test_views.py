"""The certificate screens: each role's yes and no, the bad input, downloads and マイページ."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from certificates import services
from certificates.demo import demo_seal_png
from certificates.models import (
    SEAL_MAX_BYTES,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    IssuerProfile,
)
from certificates.storage import certificate_storage
from courses import services as course_services
from tests.certificates.conftest import mark_complete

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(oita, kochi, issuer, admin_of, make_person, make_program, make_cohort):
    """One 大分県 cohort: two complete trainees and one still studying."""
    admin = admin_of(oita)
    issuer(oita, admin=admin)
    cohort = make_cohort(make_program(lessons=1), oita)

    def enrol(full_name, complete=True):
        person = make_person(oita, Role.TRAINEE, full_name=full_name)
        enrollment = course_services.enrollment_create(trainee=person, cohort=cohort)
        if complete:
            mark_complete(enrollment)
        return person, enrollment

    trainee, enrollment = enrol("𠮷田 花子")
    other_trainee, other_enrollment = enrol("別の 人")
    _pending, pending_enrollment = enrol("途中 の人", complete=False)
    return {
        "admin": admin,
        "trainee": trainee,
        "enrollment": enrollment,
        "other_trainee": other_trainee,
        "other_enrollment": other_enrollment,
        "pending_enrollment": pending_enrollment,
        "kochi_admin": admin_of(kochi),
        "facilitator": make_person(oita, Role.FACILITATOR),
    }


def _profile_post(**overrides) -> dict:
    data = {
        "issuer_line": "大分県知事　山田　太郎",
        "title": "修了証",
        "wording": "{氏名} 殿\n\n{プログラム}を{修了日}に修了しました。",
        "number_format": "大分伝第{年度}-{連番}号",
        "calendar": "wareki",
    }
    data.update(overrides)
    return data


def _profile_url(slug="oita"):
    return reverse("certificates:issuer_profile", kwargs={"prefecture_slug": slug})


def test_the_administrator_saves_the_profile_with_a_seal(world, oita):
    client = _as(world["admin"])
    assert client.get(_profile_url()).status_code == 200
    seal = SimpleUploadedFile("seal.png", demo_seal_png(("大分県", "之印")), "image/png")
    response = client.post(
        _profile_url(), {**_profile_post(issuer_line="大分県福祉保健部長"), "seal": seal}
    )
    assert response.status_code == 302
    profile = IssuerProfile.objects.get(prefecture=oita)
    assert profile.issuer_line == "大分県福祉保健部長"
    assert profile.seal.name.startswith("seals/44-")
    assert certificate_storage.exists(profile.seal.name)


@pytest.mark.parametrize(
    ("overrides", "upload", "message"),
    [
        ({}, ("seal.png", b"GIF89a not really a png", "image/png"), "PNGではありません"),
        ({}, ("seal.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png"), "読み取れません"),
        ({}, ("seal.png", b"\x89PNG\r\n\x1a\n" + b"0" * SEAL_MAX_BYTES, "image/png"), "KB以下"),
        ({"number_format": "大分伝第{年度}号"}, None, "{連番} をちょうど1つ"),
        ({"number_format": "第{連番}-{連番}号"}, None, "{連番} をちょうど1つ"),
        ({"number_format": "第{年}-{連番}号"}, None, "使えない差し込み項目があります: {年}"),
        ({"wording": "{名前} 殿"}, None, "使えない差し込み項目があります: {名前}"),
        ({"issuer_line": ""}, None, "この項目は必須です"),
        ({"calendar": "julian"}, None, "正しく選択してください"),
    ],
)
def test_bad_profile_input_is_refused_in_japanese_and_nothing_is_saved(
    world, oita, overrides, upload, message
):
    before = IssuerProfile.objects.get(prefecture=oita)
    client = _as(world["admin"])
    data = _profile_post(**{"issuer_line": "変えたい発行者", **overrides})
    if upload:
        data["seal"] = SimpleUploadedFile(*upload)
    response = client.post(_profile_url(), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    after = IssuerProfile.objects.get(prefecture=oita)
    assert (after.issuer_line, after.seal.name) == (before.issuer_line, before.seal.name)


def test_the_preview_is_the_real_pdf_inline_and_stores_nothing(world, certificate_files):
    response = _as(world["admin"]).get(
        reverse("certificates:issuer_preview", kwargs={"prefecture_slug": "oita"})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "private" in response["Cache-Control"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "見本" in text and "𠮷子" in text and "大分伝第" in text
    assert not Certificate.objects.exists()
    assert not (certificate_files / "issued").exists()


@pytest.mark.parametrize("who", ["kochi_admin", "facilitator", "trainee"])
def test_others_get_404_on_every_administrator_screen(world, who):
    certificate = services.certificate_issue(enrollment=world["enrollment"], by=world["admin"])
    client = _as(world[who])
    slug = {"prefecture_slug": "oita"}
    for url in (
        _profile_url(),
        reverse("certificates:issuer_preview", kwargs=slug),
        reverse("certificates:list", kwargs=slug),
        reverse("certificates:audit", kwargs=slug),
        reverse("certificates:cohort", kwargs={"cohort_id": world["enrollment"].cohort_id}),
        reverse("certificates:revoke", kwargs={"certificate_id": certificate.pk}),
        reverse("certificates:reissue", kwargs={"certificate_id": certificate.pk}),
    ):
        assert client.get(url).status_code == 404, url
    issue = reverse(
        "certificates:issue",
        kwargs={
            "cohort_id": world["enrollment"].cohort_id,
            "enrollment_id": world["other_enrollment"].pk,
        },
    )
    assert client.post(issue).status_code == 404
    assert client.post(_profile_url(), _profile_post()).status_code == 404
    revoke = reverse("certificates:revoke", kwargs={"certificate_id": certificate.pk})
    assert client.post(revoke, {"reason": "悪意"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    assert Certificate.objects.count() == 1


def test_anonymous_people_are_sent_to_sign_in(world):
    response = Client().get(_profile_url())
    assert response.status_code == 302 and "login" in response["Location"]


def _issue_url(world, key="enrollment"):
    enrollment = world[key]
    return reverse(
        "certificates:issue",
        kwargs={"cohort_id": enrollment.cohort_id, "enrollment_id": enrollment.pk},
    )


def test_a_double_clicked_issue_button_makes_one_certificate(world):
    client = _as(world["admin"])
    cohort_page = reverse(
        "certificates:cohort", kwargs={"cohort_id": world["enrollment"].cohort_id}
    )
    page = client.get(cohort_page).content.decode()
    assert _issue_url(world) in page
    first = client.post(_issue_url(world), follow=True)
    second = client.post(_issue_url(world), follow=True)
    assert Certificate.objects.filter(enrollment=world["enrollment"]).count() == 1
    number = Certificate.objects.get().number
    assert number in first.content.decode() and number in second.content.decode()


def test_issuing_to_someone_not_complete_says_why(world):
    client = _as(world["admin"])
    response = client.post(_issue_url(world, "pending_enrollment"), follow=True)
    assert "まだ修了していないため、修了証を発行できません" in response.content.decode()
    assert not Certificate.objects.exists()


def test_an_enrollment_of_another_cohort_is_404(world, oita, complete_trainee):
    _t, elsewhere = complete_trainee(oita)
    assert elsewhere.cohort_id != world["enrollment"].cohort_id
    url = reverse(
        "certificates:issue",
        kwargs={"cohort_id": world["enrollment"].cohort_id, "enrollment_id": elsewhere.pk},
    )
    assert _as(world["admin"]).post(url).status_code == 404
    assert not Certificate.objects.exists()


def test_revoking_without_a_reason_is_refused_and_changes_nothing(world):
    certificate = services.certificate_issue(enrollment=world["enrollment"], by=world["admin"])
    client = _as(world["admin"])
    url = reverse("certificates:revoke", kwargs={"certificate_id": certificate.pk})
    for data in ({}, {"reason": ""}, {"reason": "   "}):
        response = client.post(url, data)
        assert response.status_code == 200
        assert "理由を入力してください。" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    response = client.post(url, {"reason": "x" * 501})
    assert "500" in response.content.decode()
    response = client.post(url, {"reason": "受講記録の誤り"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revoked_by == world["admin"]


def test_reissue_from_the_screen_and_the_audit_list(world):
    certificate = services.certificate_issue(enrollment=world["enrollment"], by=world["admin"])
    client = _as(world["admin"])
    url = reverse("certificates:reissue", kwargs={"certificate_id": certificate.pk})
    assert client.post(url, {"reason": "氏名の訂正"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REISSUED and certificate.superseded_by
    listing = client.get(reverse("certificates:list", kwargs={"prefecture_slug": "oita"}))
    page = listing.content.decode()
    assert "再発行済み" in page and certificate.superseded_by.number in page
    audit = client.get(reverse("certificates:audit", kwargs={"prefecture_slug": "oita"}))
    text = audit.content.decode()
    assert "氏名の訂正" in text and "再発行" in text and "発行者設定の変更" in text
    assert CertificateEvent.objects.count() >= 3


def test_downloads_are_the_holders_own_and_private(world):
    certificate = services.certificate_issue(enrollment=world["enrollment"], by=world["admin"])
    url = reverse("certificates:download", kwargs={"certificate_id": certificate.pk})
    response = _as(world["trainee"]).get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == services.pdf_bytes(certificate)
    assert _as(world["admin"]).get(url).status_code == 200
    for who in ("other_trainee", "kochi_admin", "facilitator"):
        assert _as(world[who]).get(url).status_code == 404, who
    assert Client().get(url).status_code == 302


def test_mypage_lists_the_trainees_certificates_with_status(world):
    certificate = services.certificate_issue(enrollment=world["enrollment"], by=world["admin"])
    client = _as(world["trainee"])
    page = client.get(reverse("accounts:mypage")).content.decode()
    assert certificate.number in page and "有効" in page
    assert reverse("certificates:download", kwargs={"certificate_id": certificate.pk}) in page
    services.certificate_revoke(certificate=certificate, by=world["admin"], reason="誤り")
    page = client.get(reverse("certificates:mine")).content.decode()
    assert certificate.number in page and "失効" in page
    other = _as(world["other_trainee"]).get(reverse("accounts:mypage")).content.decode()
    assert certificate.number not in other
