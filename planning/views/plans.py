"""Views of the plan: the list and creation of plans, a plan's page, its timeline and ひな形."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.scoping import prefectures_for
from planning import permissions
from planning.checks import plan_problems
from planning.forms import MilestoneForm, PlanCreateForm, TemplateSaveForm
from planning.models import Milestone
from planning.selectors import plans as selectors
from planning.services.plans import (
    milestone_delete,
    milestone_save,
    plan_create,
    plan_template_save,
)
from planning.views.common import or_404, run_service


def _plan(request, plan_id: int):
    return or_404(selectors.plan_for(request.user, plan_id))


def _create_form(request, data=None) -> PlanCreateForm:
    prefectures = prefectures_for(request.user, permissions.EDIT_ROLES).order_by("code")
    initial = {
        "fiscal_year": timezone.localdate().year + (1 if timezone.localdate().month >= 4 else 0)
    }
    return PlanCreateForm(data, prefectures=prefectures, initial=initial)


@login_required
def plan_index(request):
    """The plans a committee member or administrator works on, and the form for a new one."""
    plans = list(selectors.plans_for(request.user))
    form = _create_form(request)
    if not plans and not form.fields["prefecture"].queryset.exists():
        raise Http404  # neither a committee member nor an administrator anywhere
    if request.method == "POST":
        form = _create_form(request, request.POST)
        if form.is_valid():
            plan = run_service(
                form,
                lambda: plan_create(
                    prefecture=form.cleaned_data["prefecture"],
                    fiscal_year=form.cleaned_data["fiscal_year"],
                ),
            )
            if plan is not None:
                messages.success(
                    request, _("ひな形から年間計画を作りました。日付を確かめてください。")
                )
                return redirect("planning:plan_detail", plan_id=plan.pk)
    return TemplateResponse(
        request,
        "planning/plan_index.html",
        {"plans": plans, "form": form},
        status=400 if form.errors else 200,
    )


def _plan_page(request, plan):
    snapshot = selectors.plan_snapshot(plan)
    return TemplateResponse(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "snapshot": snapshot,
            "problems": plan_problems(snapshot),
            "template_form": TemplateSaveForm(initial={"name": plan.title}),
            "can_manage": permissions.can_manage_committee(request.user, plan.committee),
        },
    )


def add_page(request, plan, form, *, heading: str, submit: str, status: int = 200):
    """The page adding one thing to the plan: a milestone, a meeting or a training day.

    Each has its own page rather than a form folded into the plan page, which every
    member opens far more often than they add to it: the three forms were 40% of the
    plan page's time (bench.planning).
    """
    return TemplateResponse(
        request,
        "planning/plan_add.html",
        {"plan": plan, "form": form, "heading": heading, "submit": submit},
        status=status,
    )


@login_required
def plan_detail(request, plan_id: int):
    """A plan: its checks, milestones, meetings and training days, with forms to add each."""
    return _plan_page(request, _plan(request, plan_id))


@login_required
def plan_timeline(request, plan_id: int):
    """The plan month by month, with what is done, due and late."""
    plan = _plan(request, plan_id)
    snapshot = selectors.plan_snapshot(plan)
    return TemplateResponse(
        request,
        "planning/plan_timeline.html",
        {"plan": plan, "months": selectors.timeline(snapshot), "today": timezone.localdate()},
    )


@login_required
@require_POST
def plan_template(request, plan_id: int):
    """Keep this plan as the prefecture's ひな形 for the years after."""
    plan = _plan(request, plan_id)
    form = TemplateSaveForm(request.POST)
    if form.is_valid() and run_service(
        form, lambda: plan_template_save(plan=plan, name=form.cleaned_data["name"])
    ):
        messages.success(request, _("この計画をひな形として保存しました。"))
        return redirect("planning:plan_detail", plan_id=plan.pk)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("planning:plan_detail", plan_id=plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_create(request, plan_id: int):
    """Add a milestone to the plan."""
    plan = _plan(request, plan_id)
    form = MilestoneForm(request.POST if request.method == "POST" else None, prefix="milestone")
    if request.method == "POST":
        if form.is_valid() and run_service(
            form, lambda: milestone_save(plan=plan, **form.cleaned_data)
        ):
            messages.success(request, _("節目を追加しました。"))
            return redirect("planning:plan_detail", plan_id=plan.pk)
    return add_page(
        request,
        plan,
        form,
        heading=_("節目を追加する"),
        submit=_("節目を追加"),
        status=400 if form.errors else 200,
    )


@login_required
def milestone_edit(request, milestone_id: int):
    """Change a milestone, tick it done, or remove it."""
    milestone = or_404(
        Milestone.objects.for_user(request.user, roles=permissions.EDIT_ROLES)
        .select_related("plan__committee__prefecture")
        .filter(pk=milestone_id)
        .first()
    )
    plan = milestone.plan
    form = MilestoneForm(
        initial={
            "title": milestone.title,
            "due_on": milestone.due_on,
            "done_on": milestone.done_on,
            "note": milestone.note,
        }
    )
    if request.method == "POST":
        if "delete" in request.POST:
            milestone_delete(milestone=milestone)
            messages.success(request, _("節目を削除しました。"))
            return redirect("planning:plan_detail", plan_id=plan.pk)
        form = MilestoneForm(request.POST)
        if form.is_valid() and run_service(
            form, lambda: milestone_save(plan=plan, milestone=milestone, **form.cleaned_data)
        ):
            messages.success(request, _("節目を保存しました。"))
            return redirect("planning:plan_detail", plan_id=plan.pk)
    return TemplateResponse(
        request,
        "planning/milestone_edit.html",
        {"plan": plan, "milestone": milestone, "form": form},
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("", plan_index, name="plan_index"),
    path("plans/<id:plan_id>/", plan_detail, name="plan_detail"),
    path("plans/<id:plan_id>/timeline/", plan_timeline, name="plan_timeline"),
    path("plans/<id:plan_id>/template/", plan_template, name="plan_template"),
    path("plans/<id:plan_id>/milestones/new/", milestone_create, name="milestone_create"),
    path("milestones/<id:milestone_id>/", milestone_edit, name="milestone_edit"),
]
