"""A bulk slice issues each certificate in a fixed, small number of database statements.

On production's engines the database server shares the workers' cores, so every
statement a certificate costs slows the issue twice: its round trip, and the server's
CPU (bench.certificates --production).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates import bulk
from certificates.bulk_models import BulkIssueRun, BulkIssueStatus
from certificates.models import Certificate

pytestmark = pytest.mark.django_db

#: Per certificate: the pre-check (with the issuer profile and the last number taken),
#: the transaction (BEGIN, the enrollment's lock, the valid-certificate check, the
#: number, the certificate, the event, the run's count, COMMIT): 9, and a quarter
#: more here because the slice of five also marks the run done (one statement over four).
STATEMENTS_PER_CERTIFICATE = 10


def _statements(run, enrollments) -> int:
    with CaptureQueriesContext(connection) as captured:
        bulk.bulk_run_work(run_id=run.pk, enrollment_ids=[e.pk for e in enrollments])
    return len(captured.captured_queries)


def test_each_certificate_of_a_slice_costs_the_same_few_statements(
    cohort_with_trainees, issuing_prefecture
):
    prefecture, admin = issuing_prefecture
    cohort, enrollments = cohort_with_trainees([f"受講 {index}号" for index in range(7)])
    run = BulkIssueRun.objects.create(
        cohort=cohort, prefecture=prefecture, started_by=admin, total=len(enrollments)
    )
    _statements(run, enrollments[:1])  # the first of the 年度 makes its sequence row
    one = _statements(run, enrollments[1:2])
    five = _statements(run, enrollments[2:7])
    assert Certificate.objects.filter(enrollment__cohort=cohort).count() == 7
    run.refresh_from_db()
    assert (run.issued, run.status) == (7, BulkIssueStatus.DONE)
    assert (five - one) / 4 <= STATEMENTS_PER_CERTIFICATE


def test_a_run_replaced_meanwhile_stops_after_the_certificate_in_hand(
    cohort_with_trainees, issuing_prefecture, monkeypatch
):
    from certificates import services

    prefecture, admin = issuing_prefecture
    cohort, enrollments = cohort_with_trainees(["一人目 太郎", "二人目 次郎", "三人目 三郎"])
    run = BulkIssueRun.objects.create(
        cohort=cohort, prefecture=prefecture, started_by=admin, total=3
    )
    real_issue = services.certificate_issue_or_held

    def issue_while_replaced(*, counted, **kwargs):
        def replaced_then_counted(issued: bool) -> None:
            BulkIssueRun.objects.filter(pk=run.pk).update(status=BulkIssueStatus.INTERRUPTED)
            counted(issued)

        return real_issue(**kwargs, counted=replaced_then_counted)

    monkeypatch.setattr(services, "certificate_issue_or_held", issue_while_replaced)
    bulk.bulk_run_work(run_id=run.pk, enrollment_ids=[e.pk for e in enrollments])
    # The certificate in hand stays issued and valid, uncounted by the run replaced.
    assert Certificate.objects.filter(enrollment__cohort=cohort).count() == 1
    run.refresh_from_db()
    assert (run.status, run.issued) == (BulkIssueStatus.INTERRUPTED, 0)


def test_the_count_commits_with_its_certificate_or_neither_does(
    cohort_with_trainees, issuing_prefecture, certificate_files, monkeypatch
):
    prefecture, admin = issuing_prefecture
    cohort, enrollments = cohort_with_trainees(["数え 花子"])
    run = BulkIssueRun.objects.create(
        cohort=cohort, prefecture=prefecture, started_by=admin, total=1
    )
    real_record = bulk._record

    def counted_then_stopped(run_id, field):
        real_record(run_id, field)
        if field == "issued":
            raise RuntimeError("the worker stopped right after counting")
        return True

    monkeypatch.setattr(bulk, "_record", counted_then_stopped)
    bulk.bulk_run_work(run_id=run.pk, enrollment_ids=[enrollments[0].pk])
    # The count was rolled back with the certificate, its number and its file.
    assert not Certificate.objects.filter(enrollment__cohort=cohort).exists()
    assert list(certificate_files.rglob("*.pdf")) == []
    run.refresh_from_db()
    assert (run.issued, run.failed) == (0, 1)
    assert run.failures.get().holder_name == "数え 花子"
