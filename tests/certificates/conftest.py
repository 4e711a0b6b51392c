"""Fixtures of the certificate tests: files in a temporary folder, signing keys, complete trainees."""

from datetime import UTC, datetime

import pytest

from accounts.models import Prefecture, Role
from certificates import services, signing
from certificates.models import IssuerProfile
from courses import services as course_services

COMPLETED_AT = datetime(2026, 12, 18, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def _session_keys(tmp_path_factory):
    """RSA keys take a moment to make: one pair per prefecture for the whole run."""
    folder = tmp_path_factory.mktemp("signing")
    return folder


@pytest.fixture(autouse=True)
def certificate_files(settings, tmp_path, _session_keys):
    """Each test stores PDFs and seals in its own folder and signs with the session's keys."""
    settings.CERTIFICATE_FILES_ROOT = tmp_path / "certificate_files"
    settings.CERTIFICATE_SIGNING_DIR = _session_keys
    settings.SITE_URL = "https://tsunagu.example.jp"
    return settings.CERTIFICATE_FILES_ROOT


@pytest.fixture
def signing_keys(certificate_files):
    """Make (once per run) the signing pair of any prefecture asked for."""

    def make(prefecture: Prefecture):
        return signing.keypair_create(prefecture)

    return make


@pytest.fixture
def admin_of(make_person):
    def make(prefecture: Prefecture, **fields):
        return make_person(prefecture, Role.PREFECTURE_ADMIN, **fields)

    return make


@pytest.fixture
def issuer(signing_keys, admin_of):
    """An issuer profile (and signing keys) for the prefecture, saved by one of its admins."""

    def make(prefecture: Prefecture, admin=None, **fields) -> IssuerProfile:
        signing_keys(prefecture)
        admin = admin or admin_of(prefecture)
        values = {
            "issuer_line": f"{prefecture.name}知事　山田　太郎",
            "title": "修了証",
            "wording": "{氏名} 殿\n\nあなたは{プログラム}を{修了日}に修了したことを証します。",
            "number_format": "大分伝第{年度}-{連番}号",
            "calendar": "wareki",
            **fields,
        }
        return services.issuer_profile_save(prefecture=prefecture, by=admin, **values)

    return make


def mark_complete(enrollment, completed_at=COMPLETED_AT):
    """Record the enrollment complete the way assessments' completion service does."""
    return course_services.enrollment_completion_set(
        enrollment=enrollment, completed_at=completed_at
    )


@pytest.fixture
def complete_trainee(make_program, enrolled_trainee):
    """A trainee of `prefecture` whose enrollment is complete."""
    program_cache = {}

    def make(prefecture: Prefecture, **fields):
        program = program_cache.get("program") or make_program(lessons=1)
        program_cache["program"] = program
        trainee, enrollment = enrolled_trainee(program, prefecture, **fields)
        mark_complete(enrollment)
        return trainee, enrollment

    return make


# The verify page's and the bulk issue's own fixtures (their tests' helper file).
from tests.certificates.public_fixtures import (  # noqa: E402, F401
    cohort_with_trainees,
    issuing_prefecture,
)
