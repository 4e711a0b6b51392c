"""一括発行: the cohort's missing certificates are issued by the real task worker, once.

Transactional, so the run's queued tasks are committed as in production and
`manage.py db_worker --batch` (django-tasks-db's worker) picks them up and runs them.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from certificates import bulk, services
from certificates.bulk_models import BulkIssueRun, BulkIssueStatus
from certificates.models import Certificate, CertificateStatus

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker() -> None:
    """Run every queued task in the database backend's own worker, then return."""
    # The backend goes in as an argument: argparse checks its default ("default",
    # Wagtail's immediate backend) whenever the option is left out, and refuses it.
    call_command(
        "db_worker",
        "--backend",
        settings.BACKGROUND_TASKS,
        batch=True,
        reload=False,
        startup_delay=False,
        interval=0.1,
        verbosity=0,
    )


@pytest.fixture
def signed_in(client, issuing_prefecture):
    _prefecture, admin = issuing_prefecture
    client.force_login(admin)
    return client


def test_the_page_shows_who_is_complete_and_who_holds_one(
    signed_in, cohort_with_trainees, issuing_prefecture
):
    _prefecture, admin = issuing_prefecture
    cohort, enrollments = cohort_with_trainees(
        ["修了 一郎", "修了 二郎", "受講中 三郎"], complete=2
    )
    held = services.certificate_issue(enrollment=enrollments[0], by=admin)
    response = signed_in.get(reverse("certificates:bulk_issue", kwargs={"cohort_id": cohort.pk}))
    assert response.status_code == 200
    text = response.content.decode()
    assert "受講者3名のうち、修了 2名、修了証の発行済み 1名、これから発行する人 1名" in text
    assert held.number in text
    assert "修了した1名に修了証を発行する" in text
    assert "未発行（これから発行）" in text and "未修了" in text


def test_a_bulk_issue_runs_in_the_worker_to_100_percent_and_issues_nothing_twice(
    signed_in, cohort_with_trainees, issuing_prefecture
):
    _prefecture, admin = issuing_prefecture
    cohort, enrollments = cohort_with_trainees(["𠮷田 花子", "山田 太郎", "佐藤 次郎"], complete=3)
    services.certificate_issue(enrollment=enrollments[0], by=admin)
    url = reverse("certificates:bulk_issue", kwargs={"cohort_id": cohort.pk})

    response = signed_in.post(url)
    run = BulkIssueRun.objects.get(cohort=cohort)
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:bulk_run", kwargs={"run_id": run.pk})
    assert run.total == 2 and run.is_running
    page = signed_in.get(response["Location"]).content.decode()
    assert '<progress id="bulk-progress"' in page and 'value="0"' in page
    assert 'http-equiv="refresh"' in page  # the page refreshes itself without the script

    # A second click while it runs goes to the same run and starts nothing.
    again = signed_in.post(url)
    assert again["Location"] == response["Location"]
    assert BulkIssueRun.objects.filter(cohort=cohort).count() == 1

    run_worker()

    run.refresh_from_db()
    assert run.status == BulkIssueStatus.DONE
    assert (run.issued, run.skipped, run.failed, run.percent) == (2, 0, 0, 100)
    assert Certificate.objects.filter(enrollment__cohort=cohort).count() == 3
    progress = signed_in.get(
        reverse("certificates:bulk_run_progress", kwargs={"run_id": run.pk})
    ).json()
    assert progress["percent"] == 100 and progress["running"] is False
    assert progress["done"] == progress["total"] == 2
    page = signed_in.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert reverse("certificates:cohort_zip", kwargs={"cohort_id": cohort.pk}) in page

    # After it is done, another run has nothing to do and says so.
    refused = signed_in.post(url)
    assert refused.status_code == 409
    assert "発行する人がいません" in refused.content.decode()
    assert Certificate.objects.filter(enrollment__cohort=cohort).count() == 3


def test_a_certificate_issued_meanwhile_is_counted_not_issued_again(
    cohort_with_trainees, issuing_prefecture
):
    _prefecture, admin = issuing_prefecture
    cohort, enrollments = cohort_with_trainees(["一 花子", "二 花子"])
    run = bulk.bulk_run_start(cohort=cohort, by=admin)
    # Someone issues one by hand before the worker reaches it.
    services.certificate_issue(enrollment=enrollments[1], by=admin)
    run_worker()
    run.refresh_from_db()
    assert (run.issued, run.skipped, run.status) == (1, 1, BulkIssueStatus.DONE)
    assert (
        Certificate.objects.filter(
            enrollment__cohort=cohort, status=CertificateStatus.VALID
        ).count()
        == 2
    )


def test_a_failure_is_listed_with_its_japanese_reason_and_the_rest_are_issued(
    signed_in, cohort_with_trainees, issuing_prefecture, make_person
):
    from courses import services as course_services
    from tests.certificates.conftest import mark_complete

    prefecture, _admin = issuing_prefecture
    cohort, _enrollments = cohort_with_trainees(["名前 あり"])
    nameless = make_person(prefecture, Role.TRAINEE, full_name="", email="nameless@example.jp")
    mark_complete(course_services.enrollment_create(trainee=nameless, cohort=cohort))
    signed_in.post(reverse("certificates:bulk_issue", kwargs={"cohort_id": cohort.pk}))
    run_worker()
    run = BulkIssueRun.objects.get(cohort=cohort)
    assert (run.issued, run.failed, run.status) == (1, 1, BulkIssueStatus.DONE)
    failure = run.failures.get()
    assert "氏名が登録されていない" in failure.reason
    progress = signed_in.get(
        reverse("certificates:bulk_run_progress", kwargs={"run_id": run.pk})
    ).json()
    assert progress["failures"] == [{"name": "nameless@example.jp", "reason": failure.reason}]
    page = signed_in.get(reverse("certificates:bulk_run", kwargs={"run_id": run.pk}))
    assert failure.reason in page.content.decode()


def test_a_run_cut_off_by_a_stopped_worker_can_be_started_again(
    cohort_with_trainees, issuing_prefecture
):
    _prefecture, admin = issuing_prefecture
    cohort, _enrollments = cohort_with_trainees(["途中 花子"])
    first = bulk.bulk_run_start(cohort=cohort, by=admin)
    with pytest.raises(bulk.BulkIssueError) as refused:
        bulk.bulk_run_start(cohort=cohort, by=admin)
    assert refused.value.code == "running"
    BulkIssueRun.objects.filter(pk=first.pk).update(
        heartbeat_at=timezone.now() - bulk.STALE_AFTER - timedelta(seconds=1)
    )
    second = bulk.bulk_run_start(cohort=cohort, by=admin)
    first.refresh_from_db()
    assert first.status == BulkIssueStatus.INTERRUPTED
    run_worker()  # the first run's task sees it was replaced and stops
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == BulkIssueStatus.DONE and second.issued == 1
    assert first.issued == 0
    assert Certificate.objects.filter(enrollment__cohort=cohort).count() == 1


def test_other_prefectures_and_trainees_get_404(
    client, cohort_with_trainees, issuing_prefecture, kochi, admin_of, make_person
):
    prefecture, admin = issuing_prefecture
    cohort, _enrollments = cohort_with_trainees(["本人 花子"])
    run = bulk.bulk_run_start(cohort=cohort, by=admin)
    urls = [
        reverse("certificates:bulk_issue", kwargs={"cohort_id": cohort.pk}),
        reverse("certificates:bulk_run", kwargs={"run_id": run.pk}),
        reverse("certificates:bulk_run_progress", kwargs={"run_id": run.pk}),
        reverse("certificates:cohort_zip", kwargs={"cohort_id": cohort.pk}),
        reverse("certificates:cohort_register_xlsx", kwargs={"cohort_id": cohort.pk}),
        reverse("certificates:cohort_register_csv", kwargs={"cohort_id": cohort.pk}),
        reverse("certificates:cohort_register_cp932", kwargs={"cohort_id": cohort.pk}),
    ]
    for person in (admin_of(kochi), make_person(prefecture, Role.TRAINEE)):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(urls[0]).status_code == 404
    assert BulkIssueRun.objects.filter(cohort=cohort).count() == 1
