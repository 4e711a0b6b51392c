"""Issuing, revoking and reissuing through the services: snapshots, refusals and the audit list."""

import hashlib
import io
import re

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from accounts.models import Role
from certificates import services
from certificates.models import (
    Certificate,
    CertificateAction,
    CertificateEvent,
    CertificateSequence,
    CertificateStatus,
)
from certificates.services import CODE_ALPHABET, CertificateError

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(oita, issuer, admin_of, complete_trainee):
    admin = admin_of(oita)
    issuer(oita, admin=admin)
    trainee, enrollment = complete_trainee(oita, full_name="𠮷田 𠮟子", furigana="よしだ しかこ")
    return admin, trainee, enrollment


def test_issue_snapshots_everything(setup):
    admin, _trainee, enrollment = setup
    certificate = services.certificate_issue(enrollment=enrollment, by=admin)
    assert certificate.status == CertificateStatus.VALID
    assert certificate.holder_name == "𠮷田 𠮟子"
    assert certificate.holder_furigana == "よしだ しかこ"
    assert certificate.program_title == enrollment.cohort.program.title
    assert certificate.cohort_title == enrollment.cohort.title
    assert certificate.completed_on.isoformat() == "2026-12-18"
    assert certificate.issuer_line == "大分県知事　山田　太郎"
    assert certificate.number == "大分伝第8-0001号"
    assert certificate.signed
    pdf = services.pdf_bytes(certificate)
    assert pdf.startswith(b"%PDF-")
    assert certificate.sha256 == hashlib.sha256(pdf).hexdigest()
    event = CertificateEvent.objects.get(certificate=certificate)
    assert event.action == CertificateAction.ISSUED and event.actor == admin


def test_code_is_random_grouped_and_unambiguous(setup):
    admin, _trainee, enrollment = setup
    code = services.certificate_issue(enrollment=enrollment, by=admin).code
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
    codes = {services.new_code() for _ in range(2000)}
    assert len(codes) == 2000


def test_issuing_twice_returns_the_same_certificate(setup):
    admin, _trainee, enrollment = setup
    first = services.certificate_issue(enrollment=enrollment, by=admin)
    second = services.certificate_issue(enrollment=enrollment, by=admin)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


def test_the_counted_issue_says_whether_this_call_issued(setup):
    admin, _trainee, enrollment = setup
    first, issued = services.certificate_issue_or_held(enrollment=enrollment, by=admin)
    again, issued_again = services.certificate_issue_or_held(enrollment=enrollment, by=admin)
    assert (issued, issued_again) == (True, False)
    assert again.pk == first.pk


def test_not_complete_is_refused_in_japanese(
    oita, issuer, admin_of, make_program, enrolled_trainee
):
    admin = admin_of(oita)
    issuer(oita, admin=admin)
    _trainee, enrollment = enrolled_trainee(make_program(lessons=1), oita)
    with pytest.raises(CertificateError) as caught:
        services.certificate_issue(enrollment=enrollment, by=admin)
    assert caught.value.code == "not_complete"
    assert "まだ修了していない" in caught.value.message
    assert not Certificate.objects.exists()


def test_without_a_profile_nothing_is_issued(oita, admin_of, complete_trainee, signing_keys):
    signing_keys(oita)
    admin = admin_of(oita)
    _trainee, enrollment = complete_trainee(oita)
    with pytest.raises(CertificateError) as caught:
        services.certificate_issue(enrollment=enrollment, by=admin)
    assert caught.value.code == "no_profile"
    assert not Certificate.objects.exists()


def test_without_a_signing_key_nothing_is_half_saved(
    oita, issuer, admin_of, complete_trainee, settings, tmp_path
):
    admin = admin_of(oita)
    issuer(oita, admin=admin)
    settings.CERTIFICATE_SIGNING_DIR = tmp_path / "no-keys"
    _trainee, enrollment = complete_trainee(oita)
    with pytest.raises(CertificateError) as caught:
        services.certificate_issue(enrollment=enrollment, by=admin)
    assert caught.value.code == "no_key"
    assert not Certificate.objects.exists()
    # The failed issue gave its number back with everything else.
    assert not CertificateSequence.objects.filter(last_serial__gt=0).exists()


def test_only_the_prefectures_admins_issue(setup, kochi, admin_of, make_person, oita):
    _admin, _trainee, enrollment = setup
    for outsider in (admin_of(kochi), make_person(oita, Role.FACILITATOR), make_person(oita)):
        with pytest.raises(CertificateError) as caught:
            services.certificate_issue(enrollment=enrollment, by=outsider)
        assert caught.value.code == "forbidden"
    assert not Certificate.objects.exists()


def test_numbers_follow_the_format_and_count_per_prefecture(
    oita, kochi, issuer, admin_of, complete_trainee
):
    oita_admin, kochi_admin = admin_of(oita), admin_of(kochi)
    issuer(oita, admin=oita_admin)
    issuer(kochi, admin=kochi_admin, number_format="高知第{年度}-{連番}", calendar="seireki")
    numbers = [
        services.certificate_issue(enrollment=complete_trainee(oita)[1], by=oita_admin).number
        for _ in range(2)
    ]
    numbers.append(
        services.certificate_issue(enrollment=complete_trainee(kochi)[1], by=kochi_admin).number
    )
    assert numbers == ["大分伝第8-0001号", "大分伝第8-0002号", "高知第2026-0001"]


def test_one_valid_certificate_per_enrollment_is_a_database_rule(setup):
    admin, _trainee, enrollment = setup
    certificate = services.certificate_issue(enrollment=enrollment, by=admin)
    copy = Certificate.objects.get(pk=certificate.pk)
    copy.pk, copy.code, copy.serial = None, "ZZZZ-ZZZZ-ZZZZ", 99
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_renaming_or_deleting_never_changes_an_issued_certificate(setup):
    admin, trainee, enrollment = setup
    certificate = services.certificate_issue(enrollment=enrollment, by=admin)
    before = Certificate.objects.filter(pk=certificate.pk).values().get()
    cohort, program = enrollment.cohort, enrollment.cohort.program
    cohort.title = "改名した回"
    cohort.save()
    program.title = "改名したプログラム"
    program.save_revision().publish()
    trainee.full_name = "別の 名前"
    trainee.save()
    for deleting in (trainee, cohort, enrollment):
        with pytest.raises(ProtectedError), transaction.atomic():
            deleting.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        program.delete()
    after = Certificate.objects.filter(pk=certificate.pk).values().get()
    assert after == before
    assert services.pdf_bytes(Certificate.objects.get(pk=certificate.pk))


def test_revoke_needs_a_reason_and_records_who_and_when(setup):
    admin, _trainee, enrollment = setup
    certificate = services.certificate_issue(enrollment=enrollment, by=admin)
    for reason in ("", "   ", None):
        with pytest.raises(CertificateError) as caught:
            services.certificate_revoke(certificate=certificate, by=admin, reason=reason)
        assert caught.value.message == "理由を入力してください。"
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    revoked = services.certificate_revoke(certificate=certificate, by=admin, reason="誤発行のため")
    assert revoked.status == CertificateStatus.REVOKED
    assert revoked.revoked_by == admin and revoked.revoked_at is not None
    assert revoked.revoke_reason == "誤発行のため"
    with pytest.raises(CertificateError) as caught:
        services.certificate_revoke(certificate=revoked, by=admin, reason="二度目")
    assert "すでに「失効」" in caught.value.message
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    assert CertificateEvent.objects.filter(
        certificate=certificate, action=CertificateAction.REVOKED, reason="誤発行のため"
    ).exists()


def test_a_revoked_certificate_lets_a_new_one_be_issued(setup):
    admin, _trainee, enrollment = setup
    first = services.certificate_issue(enrollment=enrollment, by=admin)
    services.certificate_revoke(certificate=first, by=admin, reason="誤り")
    second = services.certificate_issue(enrollment=enrollment, by=admin)
    assert second.pk != first.pk and second.number == "大分伝第8-0002号"


def test_reissue_makes_a_new_number_that_supersedes_the_old(setup):
    admin, trainee, enrollment = setup
    old = services.certificate_issue(enrollment=enrollment, by=admin)
    trainee.full_name = "𠮷田 直子"
    trainee.save()
    with pytest.raises(CertificateError):
        services.certificate_reissue(certificate=old, by=admin, reason="")
    new = services.certificate_reissue(certificate=old, by=admin, reason="氏名の訂正")
    old.refresh_from_db()
    assert old.status == CertificateStatus.REISSUED
    assert old.superseded_by == new
    assert old.revoke_reason == "氏名の訂正"
    assert old.holder_name == "𠮷田 𠮟子"
    assert new.status == CertificateStatus.VALID
    assert new.holder_name == "𠮷田 直子"
    assert new.number == "大分伝第8-0002号" and new.code != old.code
    actions = set(CertificateEvent.objects.values_list("action", flat=True))
    assert {CertificateAction.ISSUED, CertificateAction.REISSUED} <= actions


def test_no_name_is_refused(oita, issuer, admin_of, complete_trainee):
    admin = admin_of(oita)
    issuer(oita, admin=admin)
    _trainee, enrollment = complete_trainee(oita, full_name="")
    with pytest.raises(CertificateError) as caught:
        services.certificate_issue(enrollment=enrollment, by=admin)
    assert caught.value.code == "no_name"


def _pdf_files(root) -> list:
    return sorted(path.name for path in root.rglob("*.pdf")) if root.exists() else []


def test_a_failure_after_the_pdf_is_written_leaves_no_file(setup, certificate_files, monkeypatch):
    admin, _trainee, enrollment = setup

    def broken_event(**kwargs):
        raise RuntimeError("the audit row could not be written")

    # The PDF is rendered, signed and stored; then the issue fails and rolls back.
    monkeypatch.setattr(services, "_event", broken_event)
    with pytest.raises(RuntimeError):
        services.certificate_issue(enrollment=enrollment, by=admin)
    assert not Certificate.objects.exists()
    assert _pdf_files(certificate_files) == []

    monkeypatch.undo()
    certificate = services.certificate_issue(enrollment=enrollment, by=admin)
    assert _pdf_files(certificate_files) == [certificate.pdf.name.rsplit("/", 1)[-1]]


def test_a_failed_reissue_leaves_no_new_file(setup, certificate_files, monkeypatch):
    admin, _trainee, enrollment = setup
    old = services.certificate_issue(enrollment=enrollment, by=admin)
    before = _pdf_files(certificate_files)
    real_event = services._event

    def failing_after_the_new_pdf(**kwargs):
        if kwargs["action"] == CertificateAction.REISSUED:
            raise RuntimeError("the audit row could not be written")
        return real_event(**kwargs)

    monkeypatch.setattr(services, "_event", failing_after_the_new_pdf)
    with pytest.raises(RuntimeError):
        services.certificate_reissue(certificate=old, by=admin, reason="氏名の誤り")
    assert Certificate.objects.get().status == CertificateStatus.VALID
    assert _pdf_files(certificate_files) == before


def _printed_text(certificate) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(services.pdf_bytes(certificate)))
    return reader.pages[0].extract_text()


def test_a_draft_on_the_right_number_is_the_pdf_issued(setup, monkeypatch):
    admin, _trainee, enrollment = setup
    renders = []
    real_pdf = services.certificate_pdf
    monkeypatch.setattr(services, "certificate_pdf", lambda c: renders.append(c) or real_pdf(c))
    certificate = services.certificate_issue(enrollment=enrollment, by=admin)
    assert len(renders) == 1  # rendered once, before the number was taken
    assert renders[0].number == certificate.number
    assert hashlib.sha256(services.pdf_bytes(certificate)).hexdigest() == certificate.sha256


def test_a_draft_on_a_wrong_guess_is_rendered_again_with_the_number_taken(setup, monkeypatch):
    admin, _trainee, enrollment = setup
    real_predicted = services._predicted_serial

    # As if another issue had been in line before it and then failed.
    def one_too_many(*args, **kwargs):
        return real_predicted(*args, **kwargs) + 1

    monkeypatch.setattr(services, "_predicted_serial", one_too_many)
    certificate = services.certificate_issue(enrollment=enrollment, by=admin)
    assert certificate.serial == 1
    text = _printed_text(certificate)
    assert certificate.number in text
    assert certificate.number.replace("0001", "0002") not in text
    assert hashlib.sha256(services.pdf_bytes(certificate)).hexdigest() == certificate.sha256


def test_drafts_in_line_are_predicted_the_numbers_after_the_last_one_taken(oita):
    from django.core.cache import cache

    cache.clear()
    first, second, third = (services._ticket(oita, 2026) for _draft in range(3))
    assert (first, second, third) == (1, 2, 3)
    # No number taken yet: a draft guesses the first.
    assert services._predicted_serial(second, committed=0, committed_ticket=None) == 1
    # The first took 1: the two behind it get the next ones.
    assert services._predicted_serial(second, committed=1, committed_ticket=first) == 2
    assert services._predicted_serial(third, committed=1, committed_ticket=first) == 3
    # The second never took a number (refused), the third took 2: the next is told so.
    fourth = services._ticket(oita, 2026)
    assert services._predicted_serial(fourth, committed=2, committed_ticket=third) == 3
    # The tickets started again (the cache was emptied): the guess falls back to the next.
    assert services._predicted_serial(1, committed=2, committed_ticket=third) == 3


def test_the_number_is_kept_with_its_drafts_ticket_and_read_by_the_next_draft(
    setup, complete_trainee, oita, monkeypatch
):
    admin, _trainee, enrollment = setup
    first = services.certificate_issue(enrollment=enrollment, by=admin)
    sequence = CertificateSequence.objects.get(prefecture=oita, fiscal_year=first.fiscal_year)
    first_ticket = sequence.last_ticket
    assert (sequence.last_serial, first_ticket is not None) == (first.serial, True)
    predictions = []
    real_predicted = services._predicted_serial

    def spy(ticket, **read):
        predictions.append((ticket, read))
        return real_predicted(ticket, **read)

    monkeypatch.setattr(services, "_predicted_serial", spy)
    monkeypatch.setattr(services, "TURN_WAIT_SECONDS", 0)
    services._ticket(oita, first.fiscal_year)  # a draft ahead in line that never comes
    _other, second_enrollment = complete_trainee(oita, full_name="二人目 花子")
    second = services.certificate_issue(enrollment=second_enrollment, by=admin)
    # The pair was read with the enrollment; the draft expected the one ahead first.
    assert predictions == [
        (first_ticket + 2, {"committed": first.serial, "committed_ticket": first_ticket})
    ]
    assert second.serial == first.serial + 1  # gapless all the same, rendered again
    sequence.refresh_from_db()
    assert (sequence.last_serial, sequence.last_ticket) == (second.serial, first_ticket + 2)


def test_a_number_taken_without_a_draft_keeps_the_ticket_before_it(setup, oita):
    admin, _trainee, enrollment = setup
    first = services.certificate_issue(enrollment=enrollment, by=admin)
    sequence = CertificateSequence.objects.get(prefecture=oita, fiscal_year=first.fiscal_year)
    ticket = sequence.last_ticket
    new = services.certificate_reissue(certificate=first, by=admin, reason="氏名の誤記を訂正")
    sequence.refresh_from_db()
    # The drafts in line behind that ticket now expect one number more, as they will get.
    assert (sequence.last_serial, sequence.last_ticket) == (new.serial, ticket)
    assert services._predicted_serial(
        ticket + 1, committed=new.serial, committed_ticket=ticket
    ) == (new.serial + 1)


def test_a_code_drawn_twice_is_drawn_again_and_the_numbers_stay_gapless(
    setup, complete_trainee, oita, monkeypatch, certificate_files
):
    admin, _trainee, enrollment = setup
    first = services.certificate_issue(enrollment=enrollment, by=admin)
    _other, second_enrollment = complete_trainee(oita, full_name="二人目 花子")
    draws = iter([first.code])
    real_new_code = services.new_code
    monkeypatch.setattr(services, "new_code", lambda: next(draws, None) or real_new_code())
    second = services.certificate_issue(enrollment=second_enrollment, by=admin)
    assert second.code != first.code
    assert second.serial == first.serial + 1
    assert second.code in _printed_text(second)
    assert hashlib.sha256(services.pdf_bytes(second)).hexdigest() == second.sha256
    # The first try's PDF went with its rolled-back transaction.
    assert sorted(_pdf_files(certificate_files)) == sorted(
        certificate.pdf.name.rsplit("/", 1)[-1] for certificate in (first, second)
    )
