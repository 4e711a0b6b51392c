"""Creating a workshop and preparing it: phases and groups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from workshops import broadcast, permissions, selectors, services
from workshops.forms import AssignForm, MoveForm, PhaseFormSet, WorkshopCreateForm
from workshops.services import WorkshopError
from workshops.views.live import visible_workshop_or_404

POST_RATE = "30/m"


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_http_methods(["GET", "POST"])
def workshop_create(request):
    """Plan a workshop for a cohort the person facilitates or administers."""
    cohorts = permissions.cohorts_for_new_workshop(request.user)
    if not cohorts.exists():
        raise Http404
    # Bound on every POST, even an empty one, so it shows "required" instead of a blank form.
    form = WorkshopCreateForm(
        request.POST if request.method == "POST" else None, cohorts=cohorts, user=request.user
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = services.workshop_create(
                cohort=data["cohort"],
                title=data["title"],
                starts_at=form.starts_at(),
                method=data["method"],
                case_study=data["case_study"],
                facilitators=data["facilitators"],
                group_size=data["group_size"],
            )
        except WorkshopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("グループワークを作りました。フェーズとグループを確かめてください。")
            )
            return redirect("workshops:setup", workshop_id=workshop.pk)
    return TemplateResponse(request, "workshops/workshop_create.html", {"form": form})


def _phase_initial(workshop) -> list[dict]:
    """The saved phases as the formset's starting rows."""
    return [
        {
            "id": phase.pk,
            "name": phase.name,
            "minutes": phase.minutes,
            "instructions": phase.instructions,
            "prompts": phase.prompts,
            "ORDER": phase.order,
        }
        for phase in workshop.phases.order_by("order")
    ]


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_http_methods(["GET", "POST"])
def workshop_setup(request, workshop_id: int):
    """準備: edit the phases, deal the trainees into groups and move people by hand."""
    workshop = visible_workshop_or_404(request.user, workshop_id)
    if not permissions.can_manage(request.user, workshop):
        raise Http404
    action = request.POST.get("action") if request.method == "POST" else None
    phase_formset = PhaseFormSet(
        request.POST if action == "phases" else None,
        initial=_phase_initial(workshop),
        prefix="phases",
    )
    assign_form = AssignForm(
        request.POST if action == "assign" else None, initial={"group_size": workshop.group_size}
    )
    handler = {
        "phases": lambda: _save_phases(request, workshop, phase_formset),
        "assign": lambda: _assign(request, workshop, assign_form),
        "move": lambda: _move(request, workshop),
        "add_group": lambda: _add_group(request, workshop),
    }.get(action)
    if handler is not None and handler():
        return redirect("workshops:setup", workshop_id=workshop.pk)
    context = {
        "workshop": workshop,
        "phase_formset": phase_formset,
        "assign_form": assign_form,
        **selectors.setup_groups(workshop),
    }
    return TemplateResponse(request, "workshops/workshop_setup.html", context)


def _save_phases(request, workshop, formset) -> bool:
    """Save the phases only when every row is valid, then redraw every open screen."""
    if not formset.is_valid():
        return False
    try:
        services.phases_save(workshop=workshop, phases=formset.phases())
    except WorkshopError as error:
        messages.error(request, error.message)
        return False
    broadcast.refresh_everyone(workshop.pk)
    messages.success(request, _("フェーズを保存しました。"))
    return True


def _assign(request, workshop, form) -> bool:
    """Deal the trainees into new groups; everyone placed before or after re-reads their group."""
    if not form.is_valid():
        return False
    before = set(selectors.member_ids(workshop))
    try:
        services.groups_assign(workshop=workshop, group_size=form.cleaned_data["group_size"])
    except WorkshopError as error:
        messages.error(request, error.message)
        return False
    # People who were placed but are no longer (withdrawn since) must leave their old board too.
    broadcast.rescope_members(workshop.pk, sorted(before | set(selectors.member_ids(workshop))))
    messages.success(request, _("グループを作りました。"))
    return True


def _move(request, workshop) -> bool:
    """Put one trainee into a group, or take them out of every group."""
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("移動する人と移動先を選んでください。"))
        return False
    try:
        trainee, group = services.member_place(
            workshop=workshop,
            trainee_id=form.cleaned_data["trainee"],
            group_id=form.cleaned_data["group"],
        )
    except WorkshopError as error:
        messages.error(request, error.message)
        return False
    broadcast.rescope_members(workshop.pk, [trainee.pk])
    if group is None:
        messages.success(request, _("%(name)s さんをグループから外しました。") % {"name": trainee})
    else:
        messages.success(
            request,
            _("%(name)s さんを%(group)sに移動しました。") % {"name": trainee, "group": group.name},
        )
    return True


def _add_group(request, workshop) -> bool:
    """Open one more, empty group."""
    group = services.group_add(workshop=workshop)
    messages.success(request, _("%(name)sを追加しました。") % {"name": group.name})
    return True


urlpatterns = [
    path("new/", workshop_create, name="create"),
    path("<id:workshop_id>/setup/", workshop_setup, name="setup"),
]
