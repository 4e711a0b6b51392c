"""The record after the session, and its PDF, Markdown and CSV exports."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path

from workshops import exports, permissions
from workshops.record import WorkshopRecord, workshop_record
from workshops.views.live import visible_workshop_or_404


def _readable_record(request, workshop_id: int) -> WorkshopRecord:
    """The record cut to what the person may read; 404 for anyone the record is not for."""
    workshop = visible_workshop_or_404(request.user, workshop_id)
    access = permissions.record_access(request.user, workshop)
    if access is None:
        raise Http404
    return workshop_record(workshop, access)


def _names(workshop, suffix: str) -> dict:
    stamp = workshop.starts_at.strftime("%Y%m%d")
    return {"filename": f"{workshop.title}_{stamp}{suffix}"}


@login_required
def record(request, workshop_id: int):
    """記録: posts by group and phase, the highlights and the attendance (a trainee: their group)."""
    record = _readable_record(request, workshop_id)
    return TemplateResponse(request, "workshops/record.html", {"record": record})


@login_required
def record_pdf(request, workshop_id: int):
    """The record as a PDF to print or file."""
    record = _readable_record(request, workshop_id)
    return exports.attachment(
        exports.record_pdf(record),
        content_type="application/pdf",
        **_names(record.workshop, "_記録.pdf"),
    )


@login_required
def record_markdown(request, workshop_id: int):
    """The record as Markdown, to paste into minutes or a wiki."""
    record = _readable_record(request, workshop_id)
    return exports.attachment(
        exports.record_markdown(record),
        content_type="text/markdown; charset=utf-8",
        **_names(record.workshop, "_記録.md"),
    )


@login_required
def attendance_csv(request, workshop_id: int):
    """Attendance as CSV that Excel opens correctly (UTF-8 with BOM)."""
    record = _readable_record(request, workshop_id)
    if not record.full:
        # Attendance names every trainee of the cohort: it is for those who run the session.
        raise Http404
    return exports.attachment(
        exports.attendance_csv(record).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        **_names(record.workshop, "_出席.csv"),
    )


urlpatterns = [
    path("<id:workshop_id>/record/", record, name="record"),
    path("<id:workshop_id>/record.pdf", record_pdf, name="record_pdf"),
    path("<id:workshop_id>/record.md", record_markdown, name="record_markdown"),
    path("<id:workshop_id>/attendance.csv", attendance_csv, name="attendance_csv"),
]
