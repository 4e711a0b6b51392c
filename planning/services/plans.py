"""Writes of the annual plan: making a year's plan from a ひな形, saving one, and its milestones."""

import calendar
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Prefecture
from base.validators import require_plain_text
from planning.dates import next_open_weekday, plan_span
from planning.default_template import DEFAULT_TEMPLATE, DEFAULT_TEMPLATE_NAME, TemplateLine
from planning.models import (
    AnnualPlan,
    EntryKind,
    Milestone,
    PlanningMeeting,
    PlanTemplate,
    PlanTemplateEntry,
    TrainingDay,
)
from planning.services.committee import committee_get_or_create
from planning.services.errors import PlanningError

#: the hours a ひな形 gives meetings and training days; every one can be changed afterwards
MEETING_HOURS = (time(14, 0), time(16, 0))
TRAINING_HOURS = (time(9, 30), time(16, 30))


def check_in_plan(plan: AnnualPlan, day: date) -> None:
    """Refuse a date outside what the plan's 年度 may hold."""
    first, last = plan_span(plan.committee.fiscal_year)
    if not first <= day <= last:
        raise PlanningError(
            "date_out_of_range",
            _("日付は%(first)sから%(last)sの間で入力してください（この年度の計画の範囲）。")
            % {"first": first.strftime("%Y年%-m月%-d日"), "last": last.strftime("%Y年%-m月%-d日")},
        )


def check_order(starts, ends) -> None:
    """Refuse an end that is not after the start."""
    if ends <= starts:
        raise PlanningError("end_before_start", _("終了は開始より後にしてください。"))


def _template_lines(prefecture: Prefecture) -> tuple[str, list[TemplateLine]]:
    """The prefecture's own ひな形 when it saved one, else Oita's."""
    own = PlanTemplate.objects.filter(prefecture=prefecture).first()
    if own is None:
        return str(DEFAULT_TEMPLATE_NAME), list(DEFAULT_TEMPLATE)
    lines = [
        TemplateLine(entry.kind, entry.title, entry.month_offset, entry.day)
        for entry in own.entries.all()
    ]
    return own.name, lines


def _line_date(fiscal_year: int, line: TemplateLine) -> date:
    """Where a line lands in the 年度: its month and day, moved to the next open weekday."""
    first, last = plan_span(fiscal_year)
    month_index = first.month - 1 + line.month_offset
    year, month = first.year + month_index // 12, month_index % 12 + 1
    day = date(year, month, min(max(line.day, 1), calendar.monthrange(year, month)[1]))
    return min(next_open_weekday(day), last)


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


@transaction.atomic
def plan_create(*, prefecture: Prefecture, fiscal_year: int) -> AnnualPlan:
    """A 年度's plan laid out from the ひな形: milestones, meetings and training days, all editable.

    Each meeting is linked to the first training day after it, the one it plans.
    """
    committee = committee_get_or_create(prefecture=prefecture, fiscal_year=fiscal_year)
    if AnnualPlan.objects.select_for_update().filter(committee=committee).exists():
        raise PlanningError("plan_exists", _("この年度の年間計画はすでにあります。"))
    template_name, lines = _template_lines(prefecture)
    plan = AnnualPlan.objects.create(
        committee=committee,
        title=_("%(year)s年度 伝達研修 年間計画") % {"year": fiscal_year},
        template_name=template_name,
    )
    meetings = []
    days = []
    for line in lines:
        on = _line_date(fiscal_year, line)
        if line.kind == EntryKind.MILESTONE:
            Milestone.objects.create(plan=plan, title=line.title, due_on=on)
        elif line.kind == EntryKind.MEETING:
            meetings.append(
                PlanningMeeting(
                    plan=plan,
                    title=line.title,
                    starts_at=_aware(on, MEETING_HOURS[0]),
                    ends_at=_aware(on, MEETING_HOURS[1]),
                )
            )
        else:
            days.append(
                TrainingDay.objects.create(
                    plan=plan,
                    title=line.title,
                    date=on,
                    starts_at=TRAINING_HOURS[0],
                    ends_at=TRAINING_HOURS[1],
                )
            )
    days.sort(key=lambda d: d.date)
    for meeting in meetings:
        meeting.training_day = next(
            (d for d in days if d.date >= timezone.localdate(meeting.starts_at)), None
        )
    PlanningMeeting.objects.bulk_create(meetings)
    return plan


@transaction.atomic
def plan_template_save(*, plan: AnnualPlan, name: str) -> PlanTemplate:
    """Keep this plan's milestones, meetings and training days as the prefecture's own ひな形."""
    require_plain_text(name=name)
    if not name.strip():
        raise PlanningError("name_required", _("ひな形の名称を入力してください。"))
    fiscal_year = plan.committee.fiscal_year
    template, _created = PlanTemplate.objects.select_for_update().update_or_create(
        prefecture_id=plan.committee.prefecture_id, defaults={"name": name.strip()}
    )
    template.entries.all().delete()

    def entry(kind: str, title: str, on: date) -> PlanTemplateEntry:
        offset = (on.year - fiscal_year) * 12 + on.month - 1
        return PlanTemplateEntry(
            template=template, kind=kind, title=title, month_offset=offset, day=on.day
        )

    entries = [entry(EntryKind.MILESTONE, m.title, m.due_on) for m in plan.milestones.all()]
    entries += [
        entry(EntryKind.MEETING, m.title, timezone.localdate(m.starts_at))
        for m in plan.meetings.all()
    ]
    entries += [entry(EntryKind.TRAINING, d.title, d.date) for d in plan.training_days.all()]
    PlanTemplateEntry.objects.bulk_create(entries)
    return template


@transaction.atomic
def milestone_save(
    *,
    plan: AnnualPlan,
    title: str,
    due_on: date,
    done_on: date | None = None,
    note: str = "",
    milestone: Milestone | None = None,
) -> Milestone:
    """Add a milestone to the plan, or change one of its own."""
    require_plain_text(title=title)
    check_in_plan(plan, due_on)
    if milestone is None:
        milestone = Milestone(plan=plan)
    elif milestone.plan_id != plan.pk:
        raise PlanningError("wrong_plan", _("この計画の節目ではありません。"))
    else:
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    milestone.title, milestone.due_on, milestone.done_on, milestone.note = (
        title,
        due_on,
        done_on,
        note,
    )
    milestone.save()
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone) -> None:
    """Remove a milestone from its plan."""
    Milestone.objects.filter(pk=milestone.pk).delete()
