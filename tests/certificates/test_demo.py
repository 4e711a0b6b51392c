"""The demo: 大分県 and 高知県 issuer profiles with drawn seals, and trainee3.oita's certificate."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from certificates import services
from certificates.demo import CERTIFIED_TRAINEE
from certificates.models import Certificate, CertificateStatus, IssuerProfile
from certificates.signing import verify_pdf
from courses.models import Enrollment

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_profiles_seals_and_one_certificate():
    call_command("seed_demo", "--password", "demo-pass-123")
    call_command("seed_demo", "--password", "demo-pass-123")  # idempotent
    profiles = {p.prefecture.slug: p for p in IssuerProfile.objects.select_related("prefecture")}
    assert set(profiles) == {"oita", "kochi"}
    for profile in profiles.values():
        with profile.seal.open("rb") as handle:
            image = Image.open(io.BytesIO(handle.read()))
            assert image.format == "PNG" and image.size == (360, 360)
    assert profiles["oita"].number_format == "大分伝第{年度}-{連番}号"
    certificate = Certificate.objects.get()
    assert certificate.enrollment.trainee.email == CERTIFIED_TRAINEE
    assert certificate.status == CertificateStatus.VALID
    assert certificate.number.startswith("大分伝第")
    assert verify_pdf(services.pdf_bytes(certificate)).intact
    # trainee.oita is left for the browser flow to complete and certify.
    waiting = Enrollment.objects.get(
        trainee__email="trainee.oita@example.jp", cohort__prefecture__slug="oita"
    )
    assert waiting.status != Enrollment.Status.COMPLETED
    assert not waiting.certificates.exists()
