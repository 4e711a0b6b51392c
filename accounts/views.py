"""Pages about people: マイページ and the prefecture administrator's people pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from accounts import invitations, scoping, selectors, services
from accounts.forms import InvitationForm, OrganisationForm
from accounts.models import Membership, Organisation, Prefecture, Role
from base import dashboard

POST_RATE = "30/m"


def _administered_prefecture(request, slug: str) -> Prefecture:
    """The prefecture in the URL, if the user administers it; 404 otherwise."""
    return scoping.get_scoped_or_404(
        Prefecture.objects.all(), request.user, roles=scoping.ADMIN_ROLES, field="pk", slug=slug
    )


@login_required
def mypage(request):
    """マイページ: the person's roles and, as later parts land, their courses."""
    return render(
        request,
        "accounts/mypage.html",
        {
            "memberships": selectors.memberships_for_user(request.user),
            "sections": dashboard.sections_for(request),
        },
    )


@login_required
def prefecture_index(request):
    """Entry to the people pages: straight to the one prefecture most administrators have."""
    prefectures = list(scoping.prefectures_for(request.user, scoping.ADMIN_ROLES))
    if not prefectures:
        raise PermissionDenied
    if len(prefectures) == 1:
        return redirect("accounts:members", slug=prefectures[0].slug)
    return render(request, "accounts/prefecture_index.html", {"prefectures": prefectures})


@login_required
def members(request, slug: str):
    """A prefecture's people, filterable by role."""
    prefecture = _administered_prefecture(request, slug)
    role = request.GET.get("role", "")
    if role not in Role.values:
        role = ""
    return render(
        request,
        "accounts/members.html",
        {
            "prefecture": prefecture,
            "memberships": selectors.members_of(prefecture, role or None),
            "invitations": invitations.open_invitations_of(prefecture, role or None),
            "roles": Role.choices,
            "current_role": role,
        },
    )


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_http_methods(["GET", "POST"])
def member_invite(request, slug: str):
    """Invite a person into the prefecture with a role; it is theirs once they accept it."""
    prefecture = _administered_prefecture(request, slug)
    # An empty POST is still a POST: it must get the required-field messages.
    form = InvitationForm(request.POST if request.method == "POST" else None, prefecture=prefecture)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitations.invitation_create(
                prefecture=prefecture,
                invited_by=request.user,
                site_url=settings.WAGTAILADMIN_BASE_URL,
                **form.cleaned_data,
            )
        except invitations.InvitationError as exc:
            form.add_error(None, exc.message)
        else:
            # Only what the administrator typed: whether the address already has an
            # account, and whose, must not show.
            messages.success(
                request,
                _("%(name)s さんを%(role)sとして招待しました。")
                % {"name": invitation.full_name, "role": invitation.get_role_display()},
            )
            return redirect("accounts:members", slug=prefecture.slug)
    return render(request, "accounts/member_invite.html", {"prefecture": prefecture, "form": form})


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_http_methods(["GET", "POST"])
def invitation(request, key):
    """One invitation for its addressee to accept or decline; 404 for anyone else."""
    invitation = get_object_or_404(invitations.invitations_addressed_to(request.user), key=key)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                membership = invitations.invitation_accept(invitation=invitation, user=request.user)
                messages.success(
                    request,
                    _("%(prefecture)sの%(role)sになりました。")
                    % {
                        "prefecture": membership.prefecture.name,
                        "role": membership.get_role_display(),
                    },
                )
                return redirect("accounts:mypage")
            if action == "decline":
                invitations.invitation_decline(invitation=invitation, user=request.user)
                messages.success(request, _("招待を辞退しました。"))
                return redirect("accounts:mypage")
        except invitations.InvitationError as exc:
            messages.error(request, exc.message)
            return redirect("accounts:invitation", key=invitation.key)
        messages.error(request, _("「承諾する」か「辞退する」を選んでください。"))
        status = 400
    return render(request, "accounts/invitation.html", {"invitation": invitation}, status=status)


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_http_methods(["GET", "POST"])
def organisations(request, slug: str):
    """A prefecture's 所属機関, with a form to add one."""
    prefecture = _administered_prefecture(request, slug)
    form = OrganisationForm(request.POST or None, prefecture=prefecture)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_create(prefecture=prefecture, **form.cleaned_data)
        except ValidationError:
            form.add_error("name", _("同じ市区町村に同じ名前の機関がすでにあります。"))
        else:
            messages.success(request, _("所属機関を登録しました。"))
            return redirect("accounts:organisations", slug=prefecture.slug)
    return render(
        request,
        "accounts/organisations.html",
        {
            "prefecture": prefecture,
            "organisations": selectors.organisations_of(prefecture),
            "form": form,
        },
    )


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    """Edit one organisation of a prefecture the user administers."""
    organisation = get_object_or_404(
        Organisation.objects.for_user(request.user, roles=scoping.ADMIN_ROLES).select_related(
            "prefecture"
        ),
        pk=pk,
    )
    initial = {
        "name": organisation.name,
        "kind": organisation.kind,
        "municipality": organisation.municipality_text,
    }
    form = OrganisationForm(
        request.POST or None, initial=initial, prefecture=organisation.prefecture
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, **form.cleaned_data)
        except ValidationError:
            form.add_error("name", _("同じ市区町村に同じ名前の機関がすでにあります。"))
        else:
            messages.success(request, _("所属機関を更新しました。"))
            return redirect("accounts:organisations", slug=organisation.prefecture.slug)
    return render(
        request,
        "accounts/organisation_edit.html",
        {"organisation": organisation, "prefecture": organisation.prefecture, "form": form},
    )


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_http_methods(["POST"])
def membership_revoke(request, slug: str, pk: int):
    """Take one role away from a person of a prefecture the user administers."""
    prefecture = _administered_prefecture(request, slug)
    membership = get_object_or_404(
        Membership.objects.for_user(request.user, roles=scoping.ADMIN_ROLES).select_related("user"),
        pk=pk,
        prefecture=prefecture,
    )
    try:
        services.membership_revoke(membership=membership, revoked_by=request.user)
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s さんの%(role)sの役割を外しました。")
            % {"name": membership.user, "role": membership.get_role_display()},
        )
    return redirect("accounts:members", slug=prefecture.slug)
