"""一括発行: issue a cohort's missing certificates in the background, with progress and reasons.

The administrator's request only records a BulkIssueRun and queues the work; the task
worker (`manage.py db_worker`, started by `make run`) issues through
certificate_issue_or_held, which is idempotent and says whether it issued, so a run
that is cut off and started again issues nothing twice.
The work is queued in slices, so several workers share a large cohort.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from certificates import selectors, services
from certificates.bulk_models import BulkIssueFailure, BulkIssueRun, BulkIssueStatus
from courses.models import Cohort, Enrollment

logger = logging.getLogger(__name__)

#: Enrollments per queued task: small enough that several workers share a cohort and
#: finish together (with 20, one worker was left alone on the last slice for a second
#: of a 500 run), large enough that queueing costs little beside the PDFs.
SLICE_SIZE = 5
#: A running run whose worker has not finished a certificate for this long was cut off
#: (the worker stopped); it may be started again.
STALE_AFTER = timedelta(minutes=5)


class BulkIssueError(Exception):
    """A bulk issue was refused; the message says why, in Japanese."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class BulkOverview:
    """Who in a cohort is complete, who holds a certificate, and who would be issued one."""

    cohort: Cohort
    #: certificates.selectors.cohort_rows: enrollment, complete (from assessments), certificate
    rows: list[dict]

    @property
    def to_issue(self) -> list[dict]:
        return [row for row in self.rows if row["complete"] and row["certificate"] is None]

    @property
    def complete_count(self) -> int:
        return sum(1 for row in self.rows if row["complete"])

    @property
    def certified_count(self) -> int:
        return sum(1 for row in self.rows if row["certificate"] is not None)


def bulk_overview(cohort: Cohort) -> BulkOverview:
    """The cohort's trainees as the bulk page shows them."""
    return BulkOverview(cohort=cohort, rows=selectors.cohort_rows(cohort))


def latest_run(cohort: Cohort) -> BulkIssueRun | None:
    """The cohort's most recent bulk issue, if any."""
    return BulkIssueRun.objects.filter(cohort=cohort).order_by("-started_at", "-pk").first()


def _stale(run: BulkIssueRun) -> bool:
    return run.heartbeat_at < timezone.now() - STALE_AFTER


@transaction.atomic
def bulk_run_start(*, cohort: Cohort, by) -> BulkIssueRun:
    """Record a bulk issue of every complete trainee without a certificate and queue the work."""
    # The cohort's row lock makes a second request wait here and then see the first run.
    Cohort.objects.select_for_update().get(pk=cohort.pk)
    running = BulkIssueRun.objects.select_for_update().filter(
        cohort=cohort, status=BulkIssueStatus.RUNNING
    )
    for run in running:
        if not _stale(run):
            raise BulkIssueError(
                "running", _("この回の一括発行は実行中です。終わるまでお待ちください。")
            )
        run.status = BulkIssueStatus.INTERRUPTED
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
    targets = [row["enrollment"].pk for row in bulk_overview(cohort).to_issue]
    if not targets:
        raise BulkIssueError(
            "nothing",
            _("発行する人がいません。修了した人には全員、有効な修了証が発行されています。"),
        )
    try:
        with transaction.atomic():
            run = BulkIssueRun.objects.create(
                cohort=cohort, prefecture_id=cohort.prefecture_id, started_by=by, total=len(targets)
            )
    except IntegrityError:
        # Only reachable where the row lock above is not taken (SQLite serialises writes).
        raise BulkIssueError(
            "running", _("この回の一括発行は実行中です。終わるまでお待ちください。")
        ) from None
    slices = [targets[i : i + SLICE_SIZE] for i in range(0, len(targets), SLICE_SIZE)]
    # Queued once the run is committed, so no worker can look for a run that is not there.
    transaction.on_commit(lambda: [bulk_issue_slice.enqueue(run.pk, ids) for ids in slices])
    return run


def _running(run_id: int):
    return BulkIssueRun.objects.filter(pk=run_id, status=BulkIssueStatus.RUNNING)


def _record(run_id: int, field: str) -> bool:
    """Count one trainee on the run; False if the run is no longer running (then not counted)."""
    return bool(_running(run_id).update(**{field: F(field) + 1}, heartbeat_at=timezone.now()))


def _issue_one(run: BulkIssueRun, enrollment: Enrollment) -> bool:
    """Issue to one trainee and count it; a refusal or a crash is a failure with its reason.

    The count is taken inside the issue's transaction: a worker stopped between the two
    can leave neither a certificate uncounted nor a count without its certificate.
    False if the run stopped running meanwhile (replaced after it was cut off).
    """
    running = True

    def count(issued: bool) -> None:
        nonlocal running
        running = _record(run.pk, "issued" if issued else "skipped")

    try:
        services.certificate_issue_or_held(enrollment=enrollment, by=run.started_by, counted=count)
    except services.CertificateError as exc:
        reason = exc.message
    except Exception:
        logger.exception("bulk issue %s: enrollment %s failed", run.pk, enrollment.pk)
        reason = _("修了証のPDFを作成できませんでした。時間をおいてもう一度お試しください。")
    else:
        return running
    BulkIssueFailure.objects.create(
        run=run,
        enrollment=enrollment,
        holder_name=enrollment.trainee.full_name or enrollment.trainee.email,
        reason=reason,
    )
    return _record(run.pk, "failed")


def bulk_run_work(*, run_id: int, enrollment_ids: list[int]) -> None:
    """Issue one slice of a run, then close the run if every trainee of it is counted."""
    run = BulkIssueRun.objects.select_related("started_by").get(pk=run_id)
    enrollments = Enrollment.objects.filter(
        pk__in=enrollment_ids, cohort_id=run.cohort_id
    ).select_related("trainee", "cohort", "cohort__program")
    by_id = {enrollment.pk: enrollment for enrollment in enrollments}
    # A run replaced after it was cut off stops: checked first, then by each count.
    running = _running(run_id).exists()
    for enrollment_id in enrollment_ids:
        if not running:
            return
        enrollment = by_id.get(enrollment_id)
        if enrollment is None:
            BulkIssueFailure.objects.create(
                run=run,
                enrollment=None,
                holder_name="",
                reason=_("受講登録が見つかりません。"),
            )
            running = _record(run_id, "failed")
            continue
        running = _issue_one(run, enrollment)
    bulk_run_finish(run_id=run_id)


@transaction.atomic
def bulk_run_finish(*, run_id: int) -> BulkIssueRun:
    """Mark the run done once issued, already-held and failed add up to its total."""
    run = BulkIssueRun.objects.select_for_update().get(pk=run_id)
    if run.is_running and run.done_count >= run.total:
        run.status = BulkIssueStatus.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
    return run


@task(backend=settings.BACKGROUND_TASKS)
def bulk_issue_slice(run_id: int, enrollment_ids: list[int]) -> None:
    """The task the worker runs: one slice of a bulk issue."""
    bulk_run_work(run_id=run_id, enrollment_ids=enrollment_ids)
