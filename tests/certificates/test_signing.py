"""PAdES signatures: an issued PDF verifies with pyHanko, one changed byte does not."""

import io
import logging

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from certificates import services, signing
from certificates.signing import SigningKeyMissing, sign_pdf, verify_pdf
from workshops.pdf import render_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_pdf(oita, issuer, admin_of, complete_trainee):
    admin = admin_of(oita)
    issuer(oita, admin=admin)
    _trainee, enrollment = complete_trainee(oita)
    certificate = services.certificate_issue(enrollment=enrollment, by=admin)
    return services.pdf_bytes(certificate)


def test_an_issued_pdf_verifies_with_pyhanko(signed_pdf):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(signed_pdf))
    (embedded,) = reader.embedded_signatures
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    with open(signing.key_paths("44")[1], "rb") as handle:
        from pyhanko.keys import load_cert_from_pemder

        root = load_cert_from_pemder(handle.name)
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[root]))
    assert status.intact and status.valid and status.trusted
    check = verify_pdf(signed_pdf)
    assert check.intact and check.trusted
    assert "大分県" in check.signer


def _signed_ranges(pdf: bytes) -> list[tuple[int, int]]:
    """The byte ranges the signature covers (all but its own /Contents hex string)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    (embedded,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    start1, length1, start2, length2 = (int(n) for n in embedded.sig_object["/ByteRange"])
    return [(start1, start1 + length1), (start2, start2 + length2)]


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_one_changed_byte_fails(signed_pdf, where):
    (first_start, first_end), (second_start, second_end) = _signed_ranges(signed_pdf)
    covered = [*range(first_start, first_end), *range(second_start, second_end)]
    position = covered[int(len(covered) * where)]
    altered = bytearray(signed_pdf)
    altered[position] = (altered[position] + 1) % 256
    assert not verify_pdf(bytes(altered)).intact


def test_every_byte_outside_the_signed_ranges_is_the_signature_itself(signed_pdf):
    # The one gap is the signature's /Contents; a change there is caught by the record's
    # SHA-256, which the verify page compares as well as the signature.
    (_s1, first_end), (second_start, _e2) = _signed_ranges(signed_pdf)
    gap = signed_pdf[first_end:second_start]
    assert gap.startswith(b"<") and gap.endswith(b">")
    assert set(gap[1:-1]) <= set(b"0123456789abcdefABCDEF")


def test_an_appended_revision_fails(signed_pdf):
    assert not verify_pdf(signed_pdf + b"\n% added later\n").intact


def test_not_a_pdf_or_unsigned_is_not_intact():
    assert not verify_pdf(b"not a pdf at all").intact
    assert not verify_pdf(b"").intact
    assert not verify_pdf(render_pdf("<p>署名なし</p>")).intact


def test_another_prefectures_key_is_not_trusted_as_this_one(oita, kochi, signing_keys):
    signing_keys(oita)
    signing_keys(kochi)
    pdf = sign_pdf(render_pdf("<p>高知</p>"), prefecture=kochi)
    check = verify_pdf(pdf)
    assert check.intact
    assert "高知県" in check.signer and "大分県" not in check.signer


def test_signing_without_a_key_says_so(oita, settings, tmp_path):
    settings.CERTIFICATE_SIGNING_DIR = tmp_path
    with pytest.raises(SigningKeyMissing):
        sign_pdf(render_pdf("<p>x</p>"), prefecture=oita)


def test_keygen_makes_a_self_signed_pair(oita, settings, tmp_path, capsys):
    settings.CERTIFICATE_SIGNING_DIR = tmp_path
    call_command("certificates_keygen", "--prefecture", "44")
    key, cert = tmp_path / "44.key.pem", tmp_path / "44.cert.pem"
    assert key.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert cert.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    first = cert.read_bytes()
    call_command("certificates_keygen", "--prefecture", "oita")
    assert cert.read_bytes() == first
    call_command("certificates_keygen", "--prefecture", "44", "--replace")
    assert cert.read_bytes() != first
    pdf = sign_pdf(render_pdf("<p>x</p>"), prefecture=oita)
    assert verify_pdf(pdf).intact
    assert PdfReader(io.BytesIO(pdf)).pages


def test_keygen_refuses_an_unknown_prefecture(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("certificates_keygen", "--prefecture", "99")


def test_the_kept_parts_encode_exactly_as_pyhanko_builds_them(oita, signing_keys):
    """The signer keeps its constant parts encoded; the bytes must be pyHanko's own."""
    import asyncio
    import hashlib

    from pyhanko.sign.signers.pdf_cms import Signer

    signing_keys(oita)
    signer = signing._signer(oita.code).signer
    for content in (b"first", b"second"):
        digest = hashlib.sha256(content).digest()
        kept = asyncio.run(signer.signed_attrs(digest, "sha256", None, use_pades=True))
        built = asyncio.run(Signer.signed_attrs(signer, digest, "sha256", None, use_pades=True))
        assert kept.dump() == built.dump()
        assert {attribute["type"].native for attribute in kept} == {
            "content_type",
            "message_digest",
            "signing_certificate_v2",
        }
        assert (
            signer.signer_info("sha256", kept, b"signature").dump()
            == Signer.signer_info(signer, "sha256", built, b"signature").dump()
        )


def test_other_signatures_go_pyhankos_own_way(oita, signing_keys):
    """Without PAdES the attributes are pyHanko's, signing time and algorithm protection too."""
    import asyncio
    import hashlib

    signing_keys(oita)
    signer = signing._signer(oita.code).signer
    attributes = asyncio.run(
        signer.signed_attrs(hashlib.sha256(b"x").digest(), "sha256", None, use_pades=False)
    )
    assert "cms_algorithm_protection" in [attribute["type"].native for attribute in attributes]


def test_a_worker_preloads_every_pair_and_then_signs_without_loading(
    oita, signing_keys, monkeypatch
):
    key_path, _cert_path = signing_keys(oita)
    monkeypatch.setattr(signing, "_signers", {})
    signing.preload()
    assert [stamp[0] for stamp in signing._signers] == [
        str(path) for path in sorted(key_path.parent.glob("*.key.pem"))
    ]

    def not_again(*args):
        raise AssertionError("loaded again")

    monkeypatch.setattr(signing, "_load_signer", not_again)
    assert verify_pdf(sign_pdf(render_pdf("<p>x</p>"), prefecture=oita)).intact


def test_a_broken_pair_is_logged_at_preload_not_raised(settings, tmp_path, monkeypatch, caplog):
    settings.CERTIFICATE_SIGNING_DIR = tmp_path
    (tmp_path / "99.key.pem").write_text("not a key")
    (tmp_path / "99.cert.pem").write_text("not a certificate")
    monkeypatch.setattr(signing, "_signers", {})
    with caplog.at_level(logging.WARNING, logger="certificates.signing"):
        signing.preload()
    assert signing._signers == {}
    assert [record.getMessage() for record in caplog.records] == ["no usable signing pair for 99"]
