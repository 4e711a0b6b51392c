"""Fixtures for the verify page and the bulk issue, on top of conftest.py's issuer and trainees."""

import pytest

from accounts.models import Role


@pytest.fixture
def issuing_prefecture(oita, issuer, admin_of):
    """大分県 with an issuer profile, signing keys and an administrator: (prefecture, admin)."""
    admin = admin_of(oita, full_name="大分 管理者")
    issuer(oita, admin=admin)
    return oita, admin


@pytest.fixture
def cohort_with_trainees(issuing_prefecture, make_program, make_cohort, make_person):
    """A cohort of 大分県 with trainees named as given; the first `complete` of them completed."""
    from courses import services
    from tests.certificates.conftest import mark_complete

    def make(names: list[str], complete: int | None = None):
        prefecture, _admin = issuing_prefecture
        cohort = make_cohort(make_program(lessons=1), prefecture)
        enrollments = []
        for index, name in enumerate(names):
            trainee = make_person(prefecture, Role.TRAINEE, full_name=name)
            enrollment = services.enrollment_create(trainee=trainee, cohort=cohort)
            if complete is None or index < complete:
                mark_complete(enrollment)
                enrollment.refresh_from_db()
            enrollments.append(enrollment)
        return cohort, enrollments

    return make
