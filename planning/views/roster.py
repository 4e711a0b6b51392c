"""Views of a training day's roster: upload and preview, confirm, and export as XLSX."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from base.tables import XLSX_TYPE, download, table_xlsx
from planning.roster import ROSTER_COLUMNS, ROSTER_MAX_BYTES, ROSTER_MAX_ROWS
from planning.roster_forms import RosterConfirmForm, RosterUploadForm, roster_sign
from planning.selectors import roster as selectors
from planning.selectors.training import day_for_editing
from planning.services.errors import PlanningError
from planning.services.roster import roster_check, roster_import_confirm
from planning.views.common import or_404


def _page(request, day, *, form=None, preview=None, confirm_form=None, error="", status=200):
    return TemplateResponse(
        request,
        "planning/roster.html",
        {
            "day": day,
            "plan": day.plan,
            "form": form or RosterUploadForm(),
            "preview": preview,
            "confirm_form": confirm_form,
            "error": error,
            "columns": ROSTER_COLUMNS,
            "max_mb": ROSTER_MAX_BYTES // 1024 // 1024,
            "max_rows": ROSTER_MAX_ROWS,
            "enrolled": selectors.roster_rows(day) if preview is None else [],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_upload(request, day_id: int):
    """The roster page: the cohort's trainees, and a file to preview row by row."""
    day = or_404(day_for_editing(request.user, day_id))
    if request.method == "GET":
        return _page(request, day)
    form = RosterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, day, form=form, status=400)
    roster = form.cleaned_data["file"]
    try:
        preview = roster_check(day=day, roster=roster)
    except PlanningError as error:
        return _page(request, day, form=form, error=error.message, status=400)
    confirm_form = None
    if preview.valid:
        confirm_form = RosterConfirmForm(
            initial={"payload": roster_sign(day_id=day.pk, roster=roster)}, day_id=day.pk
        )
    return _page(
        request,
        day,
        form=RosterUploadForm(),
        preview=preview,
        confirm_form=confirm_form,
        status=200 if preview.valid else 400,
    )


@login_required
@require_POST
def roster_confirm(request, day_id: int):
    """Invite and enrol every row of the previewed file, or none of them."""
    day = or_404(day_for_editing(request.user, day_id))
    form = RosterConfirmForm(request.POST, day_id=day.pk)
    if not form.is_valid():
        return _page(request, day, error=" ".join(form.errors.get("payload", [])), status=400)
    try:
        preview = roster_import_confirm(
            day=day,
            roster=form.cleaned_data["payload"],
            invited_by=request.user,
            site_url=settings.WAGTAILADMIN_BASE_URL,
        )
    except PlanningError as error:
        return _page(request, day, error=error.message, status=400)
    invited = len(preview.rows) - preview.waiting_count
    message = _("%(count)s人を招待し、コホートに登録しました。") % {"count": invited}
    if preview.waiting_count:
        message += _("%(count)s人を順番待ちにしました。") % {"count": preview.waiting_count}
    messages.success(request, message)
    return redirect("planning:roster_upload", day_id=day.pk)


@login_required
@require_GET
def roster_export(request, day_id: int):
    """The cohort's roster as XLSX, in the import's own columns."""
    day = or_404(day_for_editing(request.user, day_id))
    content = table_xlsx(selectors.EXPORT_HEADER, selectors.roster_rows(day), sheet_title="名簿")
    return download(content, filename=f"{day.title}_名簿.xlsx", content_type=XLSX_TYPE)


urlpatterns = [
    path("days/<id:day_id>/roster/", roster_upload, name="roster_upload"),
    path("days/<id:day_id>/roster/confirm/", roster_confirm, name="roster_confirm"),
    path("days/<id:day_id>/roster.xlsx", roster_export, name="roster_export"),
]
