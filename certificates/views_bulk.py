"""一括発行 screens: a cohort's overview and start button, the run's progress, and the downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from assessments.permissions import cohorts_administered_by
from base.tables import CSV_TYPE, XLSX_TYPE, download
from certificates import bulk, exports, permissions
from certificates.bulk_models import BulkIssueRun
from certificates.cp932 import CP932_CSV_TYPE
from courses.models import Cohort

POST_RATE = "30/m"
#: How often the page asks for progress while a run works (the script and the no-script refresh).
POLL_SECONDS = 2


def _cohort(request, cohort_id: int) -> Cohort:
    """A cohort of the administrator's prefecture; 404 for anyone else's."""
    return get_object_or_404(
        cohorts_administered_by(request.user).select_related("program", "prefecture"),
        pk=cohort_id,
    )


def _run(request, run_id: int) -> BulkIssueRun:
    return get_object_or_404(
        BulkIssueRun.objects.for_user(request.user, roles=permissions.ADMIN_ROLES).select_related(
            "cohort", "cohort__program", "started_by"
        ),
        pk=run_id,
    )


def _certificates(request, cohort: Cohort):
    return exports.cohort_certificates(
        permissions.certificates_administered_by(request.user), cohort
    )


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_http_methods(["GET", "POST"])
def bulk_issue(request, cohort_id: int):
    """The cohort's trainees, who is complete and who holds a certificate; POST issues the rest."""
    cohort = _cohort(request, cohort_id)
    error = None
    if request.method == "POST":
        try:
            run = bulk.bulk_run_start(cohort=cohort, by=request.user)
        except bulk.BulkIssueError as exc:
            if exc.code == "running" and (current := bulk.latest_run(cohort)) is not None:
                messages.warning(request, exc.message)
                return redirect("certificates:bulk_run", run_id=current.pk)
            error = exc.message
        else:
            return redirect("certificates:bulk_run", run_id=run.pk)
    overview = bulk.bulk_overview(cohort)
    return render(
        request,
        "certificates/bulk_issue.html",
        {
            "cohort": cohort,
            "overview": overview,
            "latest": bulk.latest_run(cohort),
            "error": error,
        },
        status=409 if error else 200,
    )


def progress_data(run: BulkIssueRun) -> dict:
    """What the progress bar and the failure list need, for the page and its JSON."""
    return {
        "status": run.status,
        "status_label": run.get_status_display(),
        "running": run.is_running,
        "total": run.total,
        "done": run.done_count,
        "issued": run.issued,
        "skipped": run.skipped,
        "failed": run.failed,
        "percent": run.percent,
        "failures": [
            {"name": failure.holder_name, "reason": failure.reason}
            for failure in run.failures.all()
        ],
    }


@login_required
@require_GET
def bulk_run(request, run_id: int):
    """One run's progress; once it is done, the ZIP, the register and the CP932 report."""
    run = _run(request, run_id)
    data = progress_data(run)
    context = {"run": run, "cohort": run.cohort, "progress": data, "poll_seconds": POLL_SECONDS}
    if not run.is_running:
        _bytes, problems = exports.register_cp932(_certificates(request, run.cohort))
        context["cp932_problems"] = problems
    return render(request, "certificates/bulk_run.html", context)


@login_required
@require_GET
def bulk_run_progress(request, run_id: int):
    """The run's progress as JSON, for static/js/certificates-bulk.js."""
    run = _run(request, run_id)
    data = progress_data(run)
    data["page"] = reverse("certificates:bulk_run", kwargs={"run_id": run.pk})
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def cohort_zip(request, cohort_id: int):
    """The cohort's valid certificates' PDFs as issued, in one ZIP named by number."""
    cohort = _cohort(request, cohort_id)
    certificates = _certificates(request, cohort)
    if not any(certificate.is_valid for certificate in certificates):
        messages.warning(request, _("この回には、まだ有効な修了証がありません。"))
        return redirect("certificates:bulk_issue", cohort_id=cohort.pk)
    response = FileResponse(
        exports.certificates_zip(certificates),
        as_attachment=True,
        filename=f"修了証_{cohort.title}.zip",
        content_type=exports.ZIP_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def cohort_register_xlsx(request, cohort_id: int):
    """修了証台帳 as XLSX."""
    cohort = _cohort(request, cohort_id)
    return download(
        exports.register_xlsx(_certificates(request, cohort)),
        filename=exports.register_filename(cohort, "xlsx"),
        content_type=XLSX_TYPE,
    )


@login_required
@require_GET
def cohort_register_csv(request, cohort_id: int):
    """修了証台帳 as CSV, UTF-8 with a BOM."""
    cohort = _cohort(request, cohort_id)
    return download(
        exports.register_csv(_certificates(request, cohort)),
        filename=exports.register_filename(cohort, "csv"),
        content_type=CSV_TYPE,
    )


@login_required
@require_GET
def cohort_register_cp932(request, cohort_id: int):
    """修了証台帳 as CP932 CSV for older Excel; its losses were listed on the page that links it."""
    cohort = _cohort(request, cohort_id)
    data, _problems = exports.register_cp932(_certificates(request, cohort))
    return download(
        data,
        filename=exports.register_filename(cohort, "sjis.csv"),
        content_type=CP932_CSV_TYPE,
    )
