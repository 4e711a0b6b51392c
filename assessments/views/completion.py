"""Views of the completion part: a cohort's completion table, its exports, one trainee's status."""

from typing import NamedTuple

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from assessments import permissions
from assessments.models.completion import OVERRIDE_REASON_MAX_LENGTH
from assessments.selectors import completion as selectors
from assessments.services.completion import CompletionError, completion_override
from base.tables import CSV_TYPE, XLSX_TYPE, download, table_csv, table_xlsx
from courses.models import Enrollment

POST_RATE = "30/m"


class Show:
    """Which rows the table shows."""

    ALL, COMPLETE, INCOMPLETE = "all", "complete", "incomplete"
    CHOICES = (
        (ALL, gettext_lazy("すべて")),
        (COMPLETE, gettext_lazy("修了")),
        (INCOMPLETE, gettext_lazy("未修了")),
    )


class TableFilterForm(forms.Form):
    """The table's filters: complete or not, and (optionally) one step."""

    show = forms.ChoiceField(
        label=gettext_lazy("表示する受講者"), choices=Show.CHOICES, required=False
    )
    step = forms.ChoiceField(label=gettext_lazy("項目"), required=False)

    def __init__(self, data, *, steps: list[selectors.Step]):
        super().__init__(data)
        self.fields["step"].choices = [("", _("すべての項目")), *((s.key, s.label) for s in steps)]


def _filtered(table: selectors.CompletionTable, show: str, step: str):
    """The rows that pass the filters: with a step, complete/incomplete is about that step."""
    rows = table.rows
    if step:
        if show == Show.COMPLETE:
            return [row for row in rows if row.state(step).done]
        return [row for row in rows if not row.state(step).done]
    if show == Show.COMPLETE:
        return [row for row in rows if row.complete]
    if show == Show.INCOMPLETE:
        return [row for row in rows if not row.complete]
    return rows


def _filters(request, table: selectors.CompletionTable) -> tuple[str, str, bool]:
    """The filters asked for; a tampered value is dropped (and said so), never a 500."""
    form = TableFilterForm(request.GET, steps=table.steps)
    if form.is_valid():
        return form.cleaned_data["show"] or Show.ALL, form.cleaned_data["step"], False
    show = request.GET.get("show") if "show" not in form.errors else Show.ALL
    step = request.GET.get("step") if "step" not in form.errors else ""
    return show or Show.ALL, step or "", True


def _watched_cohort(request, cohort_id: int):
    return get_object_or_404(
        permissions.cohorts_watched_by(request.user).select_related("program", "prefecture"),
        pk=cohort_id,
    )


def _administered_cohort(request, cohort_id: int):
    return get_object_or_404(
        permissions.cohorts_administered_by(request.user).select_related("program", "prefecture"),
        pk=cohort_id,
    )


def _private(response):
    # Who has done what is about people; no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


#: How many of the newest steps marked by hand the table page lists; the exports hold all.
OVERRIDE_LOG_SHOWN = 50


class Cell(NamedTuple):
    """One cell of the table: its style and its words (named, so templates read attributes)."""

    css: str
    text: str


def _cell_labels() -> dict[str, Cell]:
    """The three ways a cell reads, translated once per request rather than once per cell."""
    return {
        "by-hand": Cell("by-hand", _("完了（手作業）")),
        "done": Cell("done", _("完了")),
        "open": Cell("open", _("未完了")),
    }


def _status_urls(rows) -> dict[int, str]:
    """Each row's link to the trainee's status page, from one reverse() instead of one per row."""
    sentinel = 9_999_999_999_999_999_999 // 10  # an id no row has, to cut the path around
    pattern = reverse("assessments:completion_status", kwargs={"enrollment_id": sentinel})
    head, _sep, tail = pattern.partition(str(sentinel))
    return {row.enrollment.pk: f"{head}{row.enrollment.pk}{tail}" for row in rows}


def _cell(state: selectors.StepState, labels: dict) -> Cell:
    if state.override is not None:
        return labels["by-hand"]
    if state.done_by_trainee:
        return labels["done"]
    return labels["open"]


@login_required
def completion_table(request, cohort_id: int):
    """修了状況: every trainee of the cohort against every step, with filters and exports."""
    cohort = _watched_cohort(request, cohort_id)
    table = selectors.completion_table(cohort)
    show, step, tampered = _filters(request, table)
    rows = _filtered(table, show, step)
    administers = permissions.cohorts_administered_by(request.user).filter(pk=cohort.pk).exists()
    query = request.GET.urlencode() if not tampered else ""
    labels = _cell_labels()
    complete, incomplete = _("修了"), _("未修了")
    urls = _status_urls(rows)
    context = {
        "cohort": cohort,
        "table": table,
        "rows": [
            {
                "enrollment": row.enrollment,
                "url": urls[row.enrollment.pk],
                "state": complete
                if row.complete or row.enrollment.status == Enrollment.Status.COMPLETED
                else incomplete,
                "cells": [_cell(state, labels) for state in row.steps],
            }
            for row in rows
        ],
        "form": TableFilterForm({"show": show, "step": step}, steps=table.steps),
        "show": show,
        "step": step,
        "tampered": tampered,
        "administers": administers,
        "query": query,
        "overrides": selectors.overrides_of(cohort, limit=OVERRIDE_LOG_SHOWN),
        "override_count": selectors.override_count(cohort),
        "override_log_shown": OVERRIDE_LOG_SHOWN,
    }
    return _private(TemplateResponse(request, "assessments/completion_table.html", context))


def _export_rows(table: selectors.CompletionTable, rows) -> tuple[list, list]:
    header = [
        _("氏名"),
        _("メールアドレス"),
        _("状態"),
        _("修了日時"),
        *(step.label for step in table.steps),
        _("手作業での完了"),
    ]
    body = []
    labels = _cell_labels()
    for row in rows:
        enrollment = row.enrollment
        completed_at = enrollment.completed_at
        body.append(
            [
                enrollment.trainee.full_name,
                enrollment.trainee.email,
                enrollment.get_status_display(),
                timezone.localtime(completed_at).strftime("%Y-%m-%d %H:%M") if completed_at else "",
                *(_cell(state, labels).text for state in row.steps),
                "\n".join(
                    _("%(step)s: %(reason)s（%(who)s、%(when)s）")
                    % {
                        "step": item.step_label,
                        "reason": item.reason,
                        "who": item.marked_by_name,
                        "when": timezone.localtime(item.marked_at).strftime("%Y-%m-%d %H:%M"),
                    }
                    for item in row.overrides
                ),
            ]
        )
    return header, body


def _export(request, cohort_id: int, kind: str):
    cohort = _administered_cohort(request, cohort_id)
    table = selectors.completion_table(cohort)
    show, step, _tampered = _filters(request, table)
    header, body = _export_rows(table, _filtered(table, show, step))
    name = _("修了状況_%(cohort)s") % {"cohort": cohort.title}
    if kind == "csv":
        return download(table_csv(header, body), filename=f"{name}.csv", content_type=CSV_TYPE)
    return download(
        table_xlsx(header, body, sheet_title=_("修了状況")),
        filename=f"{name}.xlsx",
        content_type=XLSX_TYPE,
    )


@login_required
def completion_table_csv(request, cohort_id: int):
    """The cohort's completion table as CSV (UTF-8 with BOM), as filtered; administrators only."""
    return _export(request, cohort_id, "csv")


@login_required
def completion_table_xlsx(request, cohort_id: int):
    """The cohort's completion table as an Excel workbook, as filtered; administrators only."""
    return _export(request, cohort_id, "xlsx")


def _readable_enrollment(request, enrollment_id: int):
    """The trainee's own enrollment, or one in a cohort the person watches; else 404."""
    for queryset in (
        permissions.own_enrollments(request.user),
        permissions.enrollments_watched_by(request.user),
    ):
        found = (
            queryset.filter(pk=enrollment_id)
            .select_related("trainee", "cohort", "cohort__program", "cohort__prefecture")
            .first()
        )
        if found is not None:
            return found
    raise Http404


def _status_page(request, enrollment, *, error: str = "", posted=None, status: int = 200):
    administers = (
        permissions.cohorts_administered_by(request.user).filter(pk=enrollment.cohort_id).exists()
    )
    checklist = selectors.completion_status(enrollment)
    context = {
        "enrollment": enrollment,
        "checklist": checklist,
        "administers": administers,
        "own": enrollment.trainee_id == request.user.pk,
        "watches": permissions.cohorts_watched_by(request.user)
        .filter(pk=enrollment.cohort_id)
        .exists(),
        "open_steps": checklist.open_steps,
        "error": error,
        "posted": posted or {},
        "reason_max": OVERRIDE_REASON_MAX_LENGTH,
    }
    return _private(
        TemplateResponse(request, "assessments/completion_status.html", context, status=status)
    )


@login_required
def completion_status(request, enrollment_id: int):
    """One trainee's checklist: the trainee's own, or their cohort's staff's; admins mark by hand."""
    return _status_page(request, _readable_enrollment(request, enrollment_id))


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_POST
def completion_override_view(request, enrollment_id: int):
    """手作業で完了にする: the prefecture administrator marks one step done, with a reason."""
    enrollment = get_object_or_404(
        permissions.enrollments_watched_by(request.user)
        .filter(cohort__in=permissions.cohorts_administered_by(request.user))
        .select_related("trainee", "cohort", "cohort__program", "cohort__prefecture"),
        pk=enrollment_id,
    )
    step = request.POST.get("step", "")
    reason = request.POST.get("reason", "")
    try:
        row = completion_override(
            enrollment=enrollment, step_key=step, reason=reason, by=request.user
        )
    except CompletionError as exc:
        return _status_page(
            request,
            enrollment,
            error=str(exc),
            posted={"step": step, "reason": reason[:OVERRIDE_REASON_MAX_LENGTH]},
            status=400,
        )
    messages.success(
        request, _("「%(step)s」を手作業で完了にしました。") % {"step": row.step_label}
    )
    return redirect("assessments:completion_status", enrollment_id=enrollment.pk)


urlpatterns = [
    path("completion/cohorts/<id:cohort_id>/", completion_table, name="completion_table"),
    path(
        "completion/cohorts/<id:cohort_id>/completion.csv",
        completion_table_csv,
        name="completion_table_csv",
    ),
    path(
        "completion/cohorts/<id:cohort_id>/completion.xlsx",
        completion_table_xlsx,
        name="completion_table_xlsx",
    ),
    path(
        "completion/enrollments/<id:enrollment_id>/",
        completion_status,
        name="completion_status",
    ),
    path(
        "completion/enrollments/<id:enrollment_id>/override/",
        completion_override_view,
        name="completion_override",
    ),
]
