"""Views of the committee: every member sees it; the prefecture's administrators change it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planning import permissions
from planning.forms import MemberAddForm
from planning.models import AnnualPlan, CommitteeMember
from planning.selectors import committee as selectors
from planning.services.committee import committee_member_add, committee_member_remove
from planning.views.common import or_404, run_service


def _page(request, committee, form=None, status=200):
    can_manage = permissions.can_manage_committee(request.user, committee)
    if can_manage and form is None:
        form = MemberAddForm(people=selectors.people_who_may_join(committee))
    return TemplateResponse(
        request,
        "planning/committee_detail.html",
        {
            "committee": committee,
            "members": selectors.committee_members(committee),
            "plan": AnnualPlan.objects.for_user(request.user, roles=permissions.EDIT_ROLES)
            .filter(committee=committee)
            .first(),
            "form": form,
            "can_manage": can_manage,
        },
        status=status,
    )


@login_required
def committee_detail(request, committee_id: int):
    """The year's committee: members, their organisation and municipality, graduates marked."""
    return _page(request, or_404(selectors.committee_for(request.user, committee_id)))


@login_required
@require_POST
def member_add(request, committee_id: int):
    """Seat a person with the committee role (administrators only)."""
    committee = or_404(selectors.committee_for(request.user, committee_id))
    if not permissions.can_manage_committee(request.user, committee):
        raise PermissionDenied
    form = MemberAddForm(request.POST, people=selectors.people_who_may_join(committee))
    if form.is_valid():
        data = form.cleaned_data
        member = run_service(
            form,
            lambda: committee_member_add(
                committee=committee,
                user=data["user"],
                organisation=data["organisation"],
                municipality=data["municipality"],
                national_program=data["national_program"],
                national_year=data["national_year"],
            ),
        )
        if member is not None:
            messages.success(request, _("委員を追加しました。"))
            return redirect("planning:committee_detail", committee_id=committee.pk)
    return _page(request, committee, form=form, status=400)


@login_required
@require_POST
def member_remove(request, member_id: int):
    """Take a member off the committee (administrators only)."""
    member = or_404(
        CommitteeMember.objects.for_user(request.user, roles=permissions.EDIT_ROLES)
        .select_related("committee")
        .filter(pk=member_id)
        .first()
    )
    if not permissions.can_manage_committee(request.user, member.committee):
        raise PermissionDenied
    committee_member_remove(member=member)
    messages.success(request, _("委員を外しました。"))
    return redirect("planning:committee_detail", committee_id=member.committee_id)


urlpatterns = [
    path("committees/<id:committee_id>/", committee_detail, name="committee_detail"),
    path("committees/<id:committee_id>/members/new/", member_add, name="member_add"),
    path("members/<id:member_id>/remove/", member_remove, name="member_remove"),
]
