"""Concurrent issue: twenty clicks for one trainee make one certificate; N trainees get 1..N.

Real threads with their own database connections, on SQLite and on PostgreSQL
(DATABASE_URL=postgres://...), so the row locks and the partial unique constraint
are what keep the numbers whole, not the test's ordering.

SQLite's in-memory test database is shared between threads through SQLite's shared
cache, whose table locks fail at once ("database table is locked") instead of waiting
as a database file does. On SQLite the threads therefore work on a file copy of the
test database, opened with the project's own settings (WAL, BEGIN IMMEDIATE): the
embedded mode the platform actually runs in.
"""

import contextlib
import sqlite3
import threading

import pytest
from django.db import connections

from accounts.models import User
from certificates import services
from certificates.models import Certificate, CertificateSequence, CertificateStatus
from courses.models import Enrollment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
#: Each issue renders and signs a PDF while holding the 年度's number: enough to overlap.
TRAINEES = 8


@contextlib.contextmanager
def threads_database(tmp_path):
    """On SQLite, point new connections at a file copy of the in-memory test database."""
    connection = connections["default"]
    name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    copy = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    connection.connection.backup(target)
    target.close()
    connection.settings_dict["NAME"] = str(copy)
    try:
        yield
    finally:
        connection.settings_dict["NAME"] = name


def _in_thread(call):
    """Run one call on a connection of its own (the file copy, on SQLite)."""
    results, errors = _run_together([call])
    if errors:
        raise errors[0]
    return results[0]


def _run_together(calls: list) -> tuple[list, list]:
    """Start every call at the same moment in its own thread; (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [], []
    lock = threading.Lock()

    def work(call):
        try:
            barrier.wait(timeout=30)
            value = call()
            with lock:
                results.append(value)
        except Exception as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results, errors


def _issue(enrollment_id: int, admin_id: int):
    def call():
        # Fresh rows per thread: nothing cached on a shared instance.
        enrollment = Enrollment.objects.get(pk=enrollment_id)
        admin = User.objects.get(pk=admin_id)
        return services.certificate_issue(enrollment=enrollment, by=admin).pk

    return call


def test_twenty_concurrent_issues_for_one_trainee_make_one_certificate(
    oita, issuer, admin_of, complete_trainee, tmp_path
):
    admin = admin_of(oita)
    issuer(oita, admin=admin)
    _trainee, enrollment = complete_trainee(oita)
    with threads_database(tmp_path):
        results, errors = _run_together([_issue(enrollment.pk, admin.pk) for _ in range(20)])
        assert errors == []
        assert len(results) == 20 and len(set(results)) == 1
        count, last_serial = _in_thread(
            lambda: (
                Certificate.objects.filter(enrollment_id=enrollment.pk).count(),
                CertificateSequence.objects.get(prefecture_id=oita.pk).last_serial,
            )
        )
    assert (count, last_serial) == (1, 1)


def test_concurrent_issues_to_many_trainees_number_them_without_gaps(
    oita, issuer, admin_of, complete_trainee, tmp_path
):
    admin = admin_of(oita)
    issuer(oita, admin=admin)
    enrollments = [complete_trainee(oita)[1] for _ in range(TRAINEES)]
    with threads_database(tmp_path):
        results, errors = _run_together([_issue(e.pk, admin.pk) for e in enrollments])
        assert errors == []
        assert len(set(results)) == TRAINEES
        serials, numbers = _in_thread(
            lambda: (
                sorted(
                    Certificate.objects.filter(status=CertificateStatus.VALID).values_list(
                        "serial", flat=True
                    )
                ),
                set(Certificate.objects.values_list("number", flat=True)),
            )
        )
    assert serials == list(range(1, TRAINEES + 1))
    assert len(numbers) == TRAINEES
