"""Writes of planning meetings: the meeting, its minutes and attendance, and its action items."""

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.validators import require_plain_text
from planning.models import (
    ActionItem,
    ActionState,
    AnnualPlan,
    CommitteeMember,
    PlanningMeeting,
    TrainingDay,
)
from planning.services.errors import PlanningError
from planning.services.plans import check_in_plan, check_order


def _same_committee(plan: AnnualPlan, members: Iterable[CommitteeMember]) -> None:
    if any(member.committee_id != plan.committee_id for member in members):
        raise PlanningError("member_elsewhere", _("この年度の研修委員会の委員から選んでください。"))


@transaction.atomic
def meeting_save(
    *,
    plan: AnnualPlan,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_url: str = "",
    training_day: TrainingDay | None = None,
    agenda: str = "",
    minutes: str = "",
    decisions: str = "",
    attendees: Iterable[CommitteeMember] = (),
    meeting: PlanningMeeting | None = None,
) -> PlanningMeeting:
    """Add a meeting to the plan or change one, with its minutes and who attended."""
    require_plain_text(title=title, place=place)
    if not title.strip():
        raise PlanningError("title_required", _("名称を入力してください。"))
    check_order(starts_at, ends_at)
    check_in_plan(plan, timezone.localdate(starts_at))
    if timezone.localdate(ends_at) != timezone.localdate(starts_at):
        raise PlanningError("meeting_spans_days", _("会議は1日のうちに終わるようにしてください。"))
    if training_day is not None and training_day.plan_id != plan.pk:
        raise PlanningError("day_elsewhere", _("この計画の研修日を選んでください。"))
    attendees = list(attendees)
    _same_committee(plan, attendees)
    if meeting is None:
        meeting = PlanningMeeting(plan=plan)
    else:
        meeting = PlanningMeeting.objects.select_for_update().get(pk=meeting.pk, plan=plan)
    meeting.title, meeting.starts_at, meeting.ends_at = title.strip(), starts_at, ends_at
    meeting.place, meeting.online_url, meeting.training_day = place, online_url, training_day
    meeting.agenda, meeting.minutes, meeting.decisions = agenda, minutes, decisions
    meeting.save()
    meeting.attendees.set(attendees)
    return meeting


@transaction.atomic
def action_item_save(
    *,
    meeting: PlanningMeeting,
    title: str,
    owner: CommitteeMember,
    due_on: date,
    state: str = ActionState.OPEN,
    item: ActionItem | None = None,
) -> ActionItem:
    """Give a member something to do by a date, or change where it stands."""
    require_plain_text(title=title)
    if not title.strip():
        raise PlanningError("title_required", _("内容を入力してください。"))
    if state not in ActionState.values:
        raise PlanningError("bad_state", _("状態の選択が正しくありません。"))
    _same_committee(meeting.plan, [owner])
    check_in_plan(meeting.plan, due_on)
    if item is None:
        item = ActionItem(meeting=meeting)
    else:
        item = ActionItem.objects.select_for_update().get(pk=item.pk, meeting=meeting)
    item.title, item.owner, item.due_on, item.state = title.strip(), owner, due_on, state
    item.save()
    return item
