"""Writes of training days: the day itself, its timetable, and who holds each role."""

from datetime import date, time

from django.db import transaction
from django.utils.translation import gettext as _

from base.validators import require_plain_text
from courses.models import Cohort, ProgramPage
from planning.models import (
    AgendaItem,
    AgendaKind,
    AgendaScope,
    AnnualPlan,
    CommitteeMember,
    PlanningRole,
    RoleAssignment,
    TrainingDay,
)
from planning.services.errors import PlanningError
from planning.services.plans import check_in_plan, check_order

#: the largest venue a training day may name; beyond it the number is a typing mistake
MAX_CAPACITY = 2000


@transaction.atomic
def training_day_save(
    *,
    plan: AnnualPlan,
    title: str,
    date: date,
    starts_at: time,
    ends_at: time,
    venue: str = "",
    capacity: int = 40,
    program: ProgramPage | None = None,
    cohort: Cohort | None = None,
    day: TrainingDay | None = None,
) -> TrainingDay:
    """Add a training day to the plan or change one; the cohort must be the prefecture's own."""
    require_plain_text(title=title, venue=venue)
    if not title.strip():
        raise PlanningError("title_required", _("名称を入力してください。"))
    check_in_plan(plan, date)
    check_order(starts_at, ends_at)
    if not 1 <= capacity <= MAX_CAPACITY:
        raise PlanningError(
            "capacity_out_of_range",
            _("会場の定員は1から%(max)s人の間で入力してください。") % {"max": MAX_CAPACITY},
        )
    if cohort is not None:
        if cohort.prefecture_id != plan.committee.prefecture_id:
            raise PlanningError("cohort_elsewhere", _("この都道府県のコホートを選んでください。"))
        program = program or cohort.program
        if cohort.program_id != program.pk:
            raise PlanningError(
                "cohort_program_mismatch", _("コホートのプログラムと研修日のプログラムが違います。")
            )
    if day is None:
        day = TrainingDay(plan=plan)
    else:
        day = TrainingDay.objects.select_for_update().get(pk=day.pk, plan=plan)
    day.title, day.date, day.starts_at, day.ends_at = title.strip(), date, starts_at, ends_at
    day.venue, day.capacity, day.program, day.cohort = venue, capacity, program, cohort
    day.save()
    return day


@transaction.atomic
def agenda_item_save(
    *,
    day: TrainingDay,
    starts_at: time,
    ends_at: time,
    subject: str,
    kind: str,
    scope: str = AgendaScope.NATIONAL,
    item: AgendaItem | None = None,
) -> AgendaItem:
    """Add a slot to a day's timetable or change one; overlaps are shown by the checks, not refused."""
    require_plain_text(subject=subject)
    if not subject.strip():
        raise PlanningError("subject_required", _("科目を入力してください。"))
    check_order(starts_at, ends_at)
    if kind not in AgendaKind.values or scope not in AgendaScope.values:
        raise PlanningError("bad_choice", _("種類か区分の選択が正しくありません。"))
    if item is None:
        item = AgendaItem(training_day=day)
    else:
        item = AgendaItem.objects.select_for_update().get(pk=item.pk, training_day=day)
    item.starts_at, item.ends_at, item.subject = starts_at, ends_at, subject.strip()
    item.kind, item.scope = kind, scope
    item.save()
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem) -> None:
    """Take a slot and its roles off the timetable."""
    AgendaItem.objects.filter(pk=item.pk).delete()


@transaction.atomic
def role_assign(
    *,
    item: AgendaItem,
    role: str,
    member: CommitteeMember | None = None,
    lecturer_name: str = "",
    lecturer_affiliation: str = "",
) -> RoleAssignment:
    """Give one role of a slot to a member of the plan's committee, or to a 外部講師 by name."""
    if role not in PlanningRole.values:
        raise PlanningError("bad_role", _("役割の選択が正しくありません。"))
    lecturer_name, lecturer_affiliation = lecturer_name.strip(), lecturer_affiliation.strip()
    require_plain_text(lecturer_name=lecturer_name, lecturer_affiliation=lecturer_affiliation)
    if (member is None) == (not lecturer_name):
        raise PlanningError(
            "one_holder",
            _("委員を選ぶか、外部講師の氏名を入力してください（どちらか一方）。"),
        )
    if member is not None:
        plan = item.training_day.plan
        if member.committee_id != plan.committee_id:
            raise PlanningError(
                "member_elsewhere", _("この年度の研修委員会の委員から選んでください。")
            )
        lecturer_affiliation = ""
    assignment, _created = RoleAssignment.objects.select_for_update().update_or_create(
        item=item,
        role=role,
        defaults={
            "member": member,
            "lecturer_name": lecturer_name,
            "lecturer_affiliation": lecturer_affiliation,
        },
    )
    return assignment


@transaction.atomic
def role_clear(*, item: AgendaItem, role: str) -> None:
    """Leave a role of a slot unassigned again."""
    RoleAssignment.objects.filter(item=item, role=role).delete()
