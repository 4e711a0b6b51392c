"""Views of planning meetings: the meeting with its minutes, and its action items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from base.markdown import render_markdown
from planning import permissions
from planning.checks import plan_problems, problems_for_meeting
from planning.forms import ActionItemForm, ActionStateForm, MeetingForm
from planning.models import ActionItem
from planning.selectors import meetings as selectors
from planning.selectors.plans import plan_snapshot
from planning.services.meetings import action_item_save, meeting_save
from planning.views.common import or_404, run_service
from planning.views.plans import _plan, add_page


def _meeting(request, meeting_id: int):
    return or_404(selectors.meeting_for(request.user, meeting_id))


def _meeting_form(meeting, data=None) -> MeetingForm:
    initial = {
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "place": meeting.place,
        "online_url": meeting.online_url,
        "training_day": meeting.training_day_id,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
        "attendees": [member.pk for member in meeting.attendees.all()],
    }
    return MeetingForm(data, plan=meeting.plan, initial=initial)


def _members(meeting):
    return meeting.plan.committee.members.select_related("user")


def _page(request, meeting, *, form=None, action_form=None, status=200):
    previous = selectors.previous_meeting(meeting)
    return TemplateResponse(
        request,
        "planning/meeting_detail.html",
        {
            "meeting": meeting,
            "plan": meeting.plan,
            "minutes_html": render_markdown(meeting.minutes),
            "previous": previous,
            "previous_minutes_html": render_markdown(previous.minutes) if previous else "",
            "problems": problems_for_meeting(
                plan_problems(plan_snapshot(meeting.plan)), meeting.pk
            ),
            "form": form or _meeting_form(meeting),
            "action_form": action_form
            or ActionItemForm(prefix="action", members=_members(meeting)),
            "state_form": ActionStateForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request, plan_id: int):
    """Add a planning meeting to the plan."""
    plan = _plan(request, plan_id)
    form = MeetingForm(
        request.POST if request.method == "POST" else None, prefix="meeting", plan=plan
    )
    if request.method == "POST" and form.is_valid():
        meeting = run_service(form, lambda: meeting_save(plan=plan, **form.cleaned_data))
        if meeting is not None:
            messages.success(request, _("検討会議を追加しました。"))
            return redirect("planning:meeting_detail", meeting_id=meeting.pk)
    return add_page(
        request,
        plan,
        form,
        heading=_("検討会議を追加する"),
        submit=_("検討会議を追加"),
        status=400 if form.errors else 200,
    )


@login_required
def meeting_detail(request, meeting_id: int):
    """A meeting: when and where, agenda, attendance, minutes, decisions and action items."""
    meeting = _meeting(request, meeting_id)
    if request.method == "POST":
        form = _meeting_form(meeting, request.POST)
        if form.is_valid() and run_service(
            form, lambda: meeting_save(plan=meeting.plan, meeting=meeting, **form.cleaned_data)
        ):
            messages.success(request, _("検討会議を保存しました。"))
            return redirect("planning:meeting_detail", meeting_id=meeting.pk)
        return _page(request, meeting, form=form, status=400)
    return _page(request, meeting)


@login_required
@require_POST
def action_create(request, meeting_id: int):
    """Give a member an action item from this meeting."""
    meeting = _meeting(request, meeting_id)
    form = ActionItemForm(request.POST, prefix="action", members=_members(meeting))
    if form.is_valid() and run_service(
        form, lambda: action_item_save(meeting=meeting, **form.cleaned_data)
    ):
        messages.success(request, _("宿題を追加しました。"))
        return redirect("planning:meeting_detail", meeting_id=meeting.pk)
    return _page(request, meeting, action_form=form, status=400)


@login_required
@require_POST
def action_state(request, action_id: int):
    """Change where an action item stands."""
    item = or_404(
        ActionItem.objects.for_user(request.user, roles=permissions.EDIT_ROLES)
        .select_related("meeting__plan__committee", "owner")
        .filter(pk=action_id)
        .first()
    )
    form = ActionStateForm(request.POST)
    if form.is_valid() and run_service(
        form,
        lambda: action_item_save(
            meeting=item.meeting,
            item=item,
            title=item.title,
            owner=item.owner,
            due_on=item.due_on,
            state=form.cleaned_data["state"],
        ),
    ):
        messages.success(request, _("宿題の状態を変えました。"))
    else:
        messages.error(request, _("状態の選択が正しくありません。"))
    return redirect("planning:meeting_detail", meeting_id=item.meeting_id)


urlpatterns = [
    path("plans/<id:plan_id>/meetings/new/", meeting_create, name="meeting_create"),
    path("meetings/<id:meeting_id>/", meeting_detail, name="meeting_detail"),
    path("meetings/<id:meeting_id>/actions/new/", action_create, name="action_create"),
    path("actions/<id:action_id>/state/", action_state, name="action_state"),
]
