"""Writes of the 振り返り: the keep/change notes, and next year's plan copied from this one."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.validators import text_problem
from planning.dates import plan_span
from planning.models import (
    NOTE_MAX_LENGTH,
    AgendaItem,
    AnnualPlan,
    CommitteeMember,
    Milestone,
    NoteKind,
    PlanningMeeting,
    RetrospectiveNote,
    RoleAssignment,
    TrainingDay,
)
from planning.services.committee import committee_get_or_create
from planning.services.errors import PlanningError


@transaction.atomic
def retrospective_note_add(
    *,
    plan: AnnualPlan,
    kind: str,
    text: str,
    training_day: TrainingDay | None = None,
    author: CommitteeMember | None = None,
) -> RetrospectiveNote:
    """Record what to keep or change, about the whole plan or one of its training days."""
    text = text.strip()
    if kind not in NoteKind.values:
        raise PlanningError("bad_kind", _("「続けること」か「変えること」を選んでください。"))
    if not text:
        raise PlanningError("text_required", _("内容を入力してください。"))
    if len(text) > NOTE_MAX_LENGTH:
        raise PlanningError(
            "text_too_long", _("内容は%(max)s文字までにしてください。") % {"max": NOTE_MAX_LENGTH}
        )
    problem = text_problem(text, multiline=True)
    if problem:
        raise PlanningError("text_unprintable", problem)
    if training_day is not None and training_day.plan_id != plan.pk:
        raise PlanningError("day_elsewhere", _("この計画の研修日を選んでください。"))
    if author is not None and author.committee_id != plan.committee_id:
        author = None  # only this year's members sign a note
    return RetrospectiveNote.objects.create(
        plan=plan, training_day=training_day, kind=kind, text=text, author=author
    )


#: a year moved by 52 weeks lands on the same weekday (a Friday training stays a Friday)
SAME_WEEKDAY_SHIFT = timedelta(weeks=52)


def _same_weekday_next_year(day: date, first: date, last: date) -> date:
    """The day 52 weeks on, kept inside next year's plan by a week either way."""
    moved = day + SAME_WEEKDAY_SHIFT
    while moved < first:
        moved += timedelta(weeks=1)
    while moved > last:
        moved -= timedelta(weeks=1)
    return moved


@transaction.atomic
def plan_copy_next_year(*, plan: AnnualPlan) -> AnnualPlan:
    """Next 年度's plan copied from this one: every date on the same weekday, with the notes.

    Milestones, meetings (agenda, place; no minutes) and training days (venue, capacity,
    timetable, outside lecturers) are copied. Cohorts and committee members belong to one
    year, so days start without a cohort and members' roles start empty. Each keep/change
    note goes with the day (or the plan) it was about, marked as last year's.
    """
    fiscal_year = plan.committee.fiscal_year + 1
    committee = committee_get_or_create(
        prefecture=plan.committee.prefecture, fiscal_year=fiscal_year
    )
    if AnnualPlan.objects.select_for_update().filter(committee=committee).exists():
        raise PlanningError(
            "plan_exists", _("%(year)s年度の年間計画はすでにあります。") % {"year": fiscal_year}
        )
    first, last = plan_span(fiscal_year)

    def moved(day: date) -> date:
        return _same_weekday_next_year(day, first, last)

    def moved_at(at: datetime) -> datetime:
        local = timezone.localtime(at)
        return timezone.make_aware(datetime.combine(moved(local.date()), local.time()))

    copy = AnnualPlan.objects.create(
        committee=committee,
        title=_("%(year)s年度 伝達研修 年間計画") % {"year": fiscal_year},
        template_name=_("%(title)sから複製") % {"title": plan.title},
    )
    Milestone.objects.bulk_create(
        Milestone(plan=copy, title=m.title, due_on=moved(m.due_on), note=m.note)
        for m in plan.milestones.all()
    )
    new_days: dict[int, TrainingDay] = {}
    for day in plan.training_days.prefetch_related("items__roles"):
        new_day = TrainingDay.objects.create(
            plan=copy,
            title=day.title,
            program=day.program,
            date=moved(day.date),
            starts_at=day.starts_at,
            ends_at=day.ends_at,
            venue=day.venue,
            capacity=day.capacity,
        )
        new_days[day.pk] = new_day
        for item in day.items.all():
            new_item = AgendaItem.objects.create(
                training_day=new_day,
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                subject=item.subject,
                kind=item.kind,
                scope=item.scope,
            )
            RoleAssignment.objects.bulk_create(
                RoleAssignment(
                    item=new_item,
                    role=role.role,
                    lecturer_name=role.lecturer_name,
                    lecturer_affiliation=role.lecturer_affiliation,
                )
                for role in item.roles.all()
                if role.member_id is None
            )
    PlanningMeeting.objects.bulk_create(
        PlanningMeeting(
            plan=copy,
            title=meeting.title,
            starts_at=moved_at(meeting.starts_at),
            ends_at=moved_at(meeting.ends_at),
            place=meeting.place,
            online_url=meeting.online_url,
            agenda=meeting.agenda,
            training_day=new_days.get(meeting.training_day_id),
        )
        for meeting in plan.meetings.all()
    )
    RetrospectiveNote.objects.bulk_create(
        RetrospectiveNote(
            plan=copy,
            training_day=new_days.get(note.training_day_id),
            kind=note.kind,
            text=note.text,
            from_previous_year=True,
        )
        for note in plan.retrospective_notes.filter(from_previous_year=False)
    )
    return copy
