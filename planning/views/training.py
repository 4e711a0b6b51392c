"""Views of training days: the day and its timetable, roles, and the printable handout."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from base.tables import download
from planning import permissions
from planning.checks import plan_problems, problems_for_day
from planning.forms import (
    AgendaItemForm,
    RoleAssignForm,
    RoleClearForm,
    TrainingDayForm,
    member_choices,
)
from planning.models import REQUIRED_ROLES, AgendaItem, PlanningRole
from planning.selectors import plans as plan_selectors
from planning.selectors import training as selectors
from planning.services import training as services
from planning.views.common import or_404, run_service
from planning.views.plans import _plan, add_page
from workshops.pdf import render_pdf


def _day_form(request, day, data=None) -> TrainingDayForm:
    initial = {
        "title": day.title,
        "program": day.program_id,
        "date": day.date,
        "starts_at": day.starts_at,
        "ends_at": day.ends_at,
        "venue": day.venue,
        "capacity": day.capacity,
        "cohort": day.cohort_id,
    }
    cohorts = permissions.cohorts_for_link(request.user, day.plan.committee.prefecture)
    return TrainingDayForm(data, cohorts=cohorts, initial=initial)


def _rows(day) -> list[dict]:
    """Each slot with its roles in the fixed order, and which of them the slot needs."""
    rows = []
    for item in day.items.all():
        held = {role.role: role for role in item.roles.all()}
        needed = REQUIRED_ROLES.get(item.kind, ())
        rows.append(
            {
                "item": item,
                "roles": [
                    {"role": role, "assignment": held.get(role.value), "needed": role in needed}
                    for role in PlanningRole
                    if role in held or role in needed
                ],
            }
        )
    return rows


def _day_page(
    request, day, *, day_form=None, item_form=None, role_form=None, role_item=None, status=200
):
    snapshot = plan_selectors.plan_snapshot(day.plan)
    members = day.plan.committee.members.select_related("user")
    choices = member_choices(members)
    rows = _rows(day)
    for row in rows:
        pk = row["item"].pk
        # one form per slot, each with its own prefix so every label names its own control
        row["role_form"] = (
            role_form
            if pk == role_item
            else RoleAssignForm(prefix=f"role{pk}", members=members, member_choices=choices)
        )
    return TemplateResponse(
        request,
        "planning/training_day.html",
        {
            "day": day,
            "plan": day.plan,
            "rows": rows,
            "problems": problems_for_day(plan_problems(snapshot), day.pk),
            "day_form": day_form or _day_form(request, day),
            "item_form": item_form or AgendaItemForm(prefix="item"),
        },
        status=status,
    )


def _editable_day(request, day_id: int):
    return or_404(selectors.day_for_editing(request.user, day_id))


def _editable_item(request, item_id: int) -> AgendaItem:
    return or_404(
        AgendaItem.objects.for_user(request.user, roles=permissions.EDIT_ROLES)
        .select_related("training_day__plan__committee")
        .filter(pk=item_id)
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def day_create(request, plan_id: int):
    """Add a training day to the plan."""
    plan = _plan(request, plan_id)
    cohorts = permissions.cohorts_for_link(request.user, plan.committee.prefecture)
    form = TrainingDayForm(
        request.POST if request.method == "POST" else None,
        prefix="day",
        cohorts=cohorts,
        initial={"capacity": 40},
    )
    if request.method == "POST" and form.is_valid():
        day = run_service(form, lambda: services.training_day_save(plan=plan, **form.cleaned_data))
        if day is not None:
            messages.success(request, _("研修日を追加しました。"))
            return redirect("planning:day_detail", day_id=day.pk)
    return add_page(
        request,
        plan,
        form,
        heading=_("研修日を追加する"),
        submit=_("研修日を追加"),
        status=400 if form.errors else 200,
    )


@login_required
def day_detail(request, day_id: int):
    """A training day for the committee: its details, timetable, roles and checks, all editable."""
    day = _editable_day(request, day_id)
    if request.method == "POST":
        form = _day_form(request, day, request.POST)
        if form.is_valid() and run_service(
            form, lambda: services.training_day_save(plan=day.plan, day=day, **form.cleaned_data)
        ):
            messages.success(request, _("研修日を保存しました。"))
            return redirect("planning:day_detail", day_id=day.pk)
        return _day_page(request, day, day_form=form, status=400)
    return _day_page(request, day)


@login_required
@require_POST
def item_create(request, day_id: int):
    """Add a slot to the day's timetable."""
    day = _editable_day(request, day_id)
    form = AgendaItemForm(request.POST, prefix="item")
    if form.is_valid() and run_service(
        form, lambda: services.agenda_item_save(day=day, **form.cleaned_data)
    ):
        messages.success(request, _("時間割に項目を追加しました。"))
        return redirect("planning:day_detail", day_id=day.pk)
    return _day_page(request, day, item_form=form, status=400)


@login_required
def item_edit(request, item_id: int):
    """Change one slot of the timetable, or remove it."""
    item = _editable_item(request, item_id)
    day = item.training_day
    form = AgendaItemForm(
        initial={
            "starts_at": item.starts_at,
            "ends_at": item.ends_at,
            "subject": item.subject,
            "kind": item.kind,
            "scope": item.scope,
        }
    )
    if request.method == "POST":
        if "delete" in request.POST:
            services.agenda_item_delete(item=item)
            messages.success(request, _("時間割から項目を削除しました。"))
            return redirect("planning:day_detail", day_id=day.pk)
        form = AgendaItemForm(request.POST)
        if form.is_valid() and run_service(
            form, lambda: services.agenda_item_save(day=day, item=item, **form.cleaned_data)
        ):
            messages.success(request, _("時間割の項目を保存しました。"))
            return redirect("planning:day_detail", day_id=day.pk)
    return TemplateResponse(
        request,
        "planning/item_edit.html",
        {"item": item, "day": day, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def role_assign(request, item_id: int):
    """Give a role of a slot to a member of the committee or to a 外部講師."""
    item = _editable_item(request, item_id)
    members = item.training_day.plan.committee.members.select_related("user")
    form = RoleAssignForm(request.POST, prefix=f"role{item.pk}", members=members)
    if form.is_valid() and run_service(
        form, lambda: services.role_assign(item=item, **form.cleaned_data)
    ):
        messages.success(request, _("役割を割り当てました。"))
        return redirect("planning:day_detail", day_id=item.training_day_id)
    day = _editable_day(request, item.training_day_id)
    return _day_page(request, day, role_form=form, role_item=item.pk, status=400)


@login_required
@require_POST
def role_clear(request, item_id: int):
    """Leave a role of a slot unassigned again."""
    item = _editable_item(request, item_id)
    form = RoleClearForm(request.POST)
    if form.is_valid():
        services.role_clear(item=item, role=form.cleaned_data["role"])
        messages.success(request, _("役割の割り当てを外しました。"))
    else:
        messages.error(request, _("外す役割の選択が正しくありません。"))
    return redirect("planning:day_detail", day_id=item.training_day_id)


def _readable_day(request, day_id: int):
    return or_404(selectors.day_for_reading(request.user, day_id))


@login_required
def day_timetable(request, day_id: int):
    """The day's timetable as those who attend it read it."""
    day = _readable_day(request, day_id)
    return TemplateResponse(
        request,
        "planning/timetable.html",
        {
            "day": day,
            "rows": _rows(day),
            "can_edit": permissions.can_edit_prefecture(
                request.user, day.plan.committee.prefecture
            ),
        },
    )


@login_required
def day_timetable_pdf(request, day_id: int):
    """The day's timetable as an A4 handout in a Japanese font."""
    day = _readable_day(request, day_id)
    html = render_to_string(
        "planning/timetable_pdf.html",
        {"day": day, "rows": _rows(day), "printed_at": timezone.now()},
    )
    return download(
        render_pdf(html),
        filename=f"{day.date:%Y%m%d}_{day.title}_時間割.pdf",
        content_type="application/pdf",
    )


urlpatterns = [
    path("plans/<id:plan_id>/days/new/", day_create, name="day_create"),
    path("days/<id:day_id>/", day_detail, name="day_detail"),
    path("days/<id:day_id>/items/new/", item_create, name="item_create"),
    path("days/<id:day_id>/timetable/", day_timetable, name="day_timetable"),
    path("days/<id:day_id>/timetable.pdf", day_timetable_pdf, name="day_timetable_pdf"),
    path("items/<id:item_id>/", item_edit, name="item_edit"),
    path("items/<id:item_id>/roles/", role_assign, name="role_assign"),
    path("items/<id:item_id>/roles/clear/", role_clear, name="role_clear"),
]
