"""The record after the session, and its PDF, Markdown and CSV exports."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path

from workshops import exports, permissions
from workshops.record import workshop_record
from workshops.views.live import visible_workshop_or_404


def _managed_workshop(request, workshop_id: int):
    workshop = visible_workshop_or_404(request.user, workshop_id)
    if not permissions.can_manage(request.user, workshop):
        raise Http404
    return workshop


def _names(workshop, suffix: str) -> dict:
    stamp = workshop.starts_at.strftime("%Y%m%d")
    return {"filename": f"{workshop.title}_{stamp}{suffix}"}


@login_required
def record(request, workshop_id: int):
    """記録: every group's posts by phase, the highlights and the attendance."""
    workshop = _managed_workshop(request, workshop_id)
    return TemplateResponse(request, "workshops/record.html", {"record": workshop_record(workshop)})


@login_required
def record_pdf(request, workshop_id: int):
    """The record as a PDF to print or file."""
    workshop = _managed_workshop(request, workshop_id)
    return exports.attachment(
        exports.record_pdf(workshop_record(workshop)),
        content_type="application/pdf",
        **_names(workshop, "_記録.pdf"),
    )


@login_required
def record_markdown(request, workshop_id: int):
    """The record as Markdown, to paste into minutes or a wiki."""
    workshop = _managed_workshop(request, workshop_id)
    return exports.attachment(
        exports.record_markdown(workshop_record(workshop)),
        content_type="text/markdown; charset=utf-8",
        **_names(workshop, "_記録.md"),
    )


@login_required
def attendance_csv(request, workshop_id: int):
    """Attendance as CSV that Excel opens correctly (UTF-8 with BOM)."""
    workshop = _managed_workshop(request, workshop_id)
    return exports.attachment(
        exports.attendance_csv(workshop_record(workshop)).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        **_names(workshop, "_出席.csv"),
    )


urlpatterns = [
    path("<id:workshop_id>/record/", record, name="record"),
    path("<id:workshop_id>/record.pdf", record_pdf, name="record_pdf"),
    path("<id:workshop_id>/record.md", record_markdown, name="record_markdown"),
    path("<id:workshop_id>/attendance.csv", attendance_csv, name="attendance_csv"),
]
