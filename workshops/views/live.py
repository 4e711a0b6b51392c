"""The workshop list and the three live screens: board, console and plenary."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from workshops import permissions, selectors
from workshops.models import Workshop


def visible_workshop_or_404(user, workshop_id: int) -> Workshop:
    """A workshop the person may open, or 404 so other prefectures' ids stay hidden."""
    return get_object_or_404(
        permissions.workshops_visible_to(user).select_related(
            "cohort__prefecture", "cohort__program", "case_study", "current_phase"
        ),
        pk=workshop_id,
    )


@login_required
def workshop_list(request):
    """グループワーク: the sessions a person runs, joins or administers."""
    workshops = list(
        permissions.workshops_visible_to(request.user)
        .select_related("cohort__prefecture")
        .order_by("-starts_at")
    )
    for workshop in workshops:
        workshop.links = permissions.workshop_links(request.user, workshop)
    context = {
        "workshops": workshops,
        "can_create": permissions.cohorts_for_new_workshop(request.user).exists(),
    }
    return TemplateResponse(request, "workshops/workshop_list.html", context)


@login_required
def board(request, workshop_id: int):
    """A trainee's board: the group's posts, the phase and the time left, live."""
    workshop = visible_workshop_or_404(request.user, workshop_id)
    if permissions.is_facilitator(request.user, workshop):
        return redirect("workshops:console", workshop_id=workshop.pk)
    if not permissions.is_participant(request.user, workshop):
        # Administrators see the record and setup, not a trainee's board.
        raise Http404
    context = {
        "workshop": workshop,
        "group": selectors.group_of(workshop.pk, request.user),
        "kinds": selectors.post_kinds(),
    }
    return TemplateResponse(request, "workshops/board.html", context)


def _console_workshop(request, workshop_id: int) -> tuple[Workshop, permissions.ConsoleMode]:
    workshop = visible_workshop_or_404(request.user, workshop_id)
    mode = permissions.console_mode(request.user, workshop)
    if mode is None:
        raise Http404
    return workshop, mode


@login_required
def console(request, workshop_id: int):
    """The console: every group's board and who is connected; controls for its facilitators."""
    workshop, mode = _console_workshop(request, workshop_id)
    context = {
        "workshop": workshop,
        "watching": mode == permissions.ConsoleMode.WATCH,
    }
    return TemplateResponse(request, "workshops/console.html", context)


@login_required
def plenary(request, workshop_id: int):
    """The projector screen: the phase, the timer and the highlighted posts."""
    workshop, _mode = _console_workshop(request, workshop_id)
    return TemplateResponse(request, "workshops/plenary.html", {"workshop": workshop})


urlpatterns = [
    path("", workshop_list, name="list"),
    path("<id:workshop_id>/", board, name="board"),
    path("<id:workshop_id>/console/", console, name="console"),
    path("<id:workshop_id>/plenary/", plenary, name="plenary"),
]
