"""研修日: a training day of the plan, its timetable of agenda items, and who does what in each."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import PrefectureScopedQuerySet
from base.validators import validate_single_line
from courses.models import Cohort, ProgramPage

from .committee import NAME_MAX_LENGTH, CommitteeMember
from .plans import AnnualPlan

__all__ = [
    "REQUIRED_ROLES",
    "AgendaItem",
    "AgendaKind",
    "AgendaScope",
    "PlanningRole",
    "RoleAssignment",
    "TrainingDay",
]


class TrainingDay(models.Model):
    """研修日: one day of a program's 伝達研修, with its venue, hours and cohort."""

    plan = models.ForeignKey(
        AnnualPlan,
        on_delete=models.CASCADE,
        related_name="training_days",
        verbose_name=_("年間計画"),
    )
    title = models.CharField(_("名称"), max_length=200, validators=[validate_single_line])
    program = models.ForeignKey(
        ProgramPage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("プログラム"),
    )
    date = models.DateField(_("日付"))
    starts_at = models.TimeField(_("開始時刻"))
    ends_at = models.TimeField(_("終了時刻"))
    venue = models.CharField(
        _("会場"), max_length=200, blank=True, validators=[validate_single_line]
    )
    capacity = models.PositiveSmallIntegerField(_("会場の定員"), default=40)
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("コホート"),
    )

    prefecture_field = "plan__committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("研修日")
        verbose_name_plural = _("研修日")
        ordering = ["plan", "date", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class AgendaKind(models.TextChoices):
    """What kind of slot an agenda item is."""

    LECTURE = "lecture", _("講義")
    EXERCISE = "exercise", _("演習")
    CASE_REPORT = "case_report", _("事例報告")
    GROUP_WORK = "group_work", _("グループワーク")
    BREAK = "break", _("休憩")


class AgendaScope(models.TextChoices):
    """Whether a subject comes from the national curriculum or the prefecture adds it."""

    NATIONAL = "national", _("国の標準")
    REGIONAL = "regional", _("地域独自")


class PlanningRole(models.TextChoices):
    """役割: what a person does in one agenda item."""

    LECTURER = "lecturer", _("講師役")
    CASE_REPORTER = "case_reporter", _("事例報告役")
    MATERIALS = "materials", _("資料作成役")
    TIMEKEEPER = "timekeeper", _("タイムキーパー役")
    FACILITATOR = "facilitator", _("ファシリテーター")


#: the roles each kind of slot must have filled before the day (the unassigned-role check)
REQUIRED_ROLES: dict[str, tuple[str, ...]] = {
    AgendaKind.LECTURE: (PlanningRole.LECTURER, PlanningRole.MATERIALS, PlanningRole.TIMEKEEPER),
    AgendaKind.EXERCISE: (PlanningRole.FACILITATOR, PlanningRole.TIMEKEEPER),
    AgendaKind.CASE_REPORT: (PlanningRole.CASE_REPORTER, PlanningRole.TIMEKEEPER),
    AgendaKind.GROUP_WORK: (PlanningRole.FACILITATOR, PlanningRole.TIMEKEEPER),
    AgendaKind.BREAK: (),
}


class AgendaItem(models.Model):
    """One slot of a training day's timetable: its hours, 科目 and kind."""

    training_day = models.ForeignKey(
        TrainingDay, on_delete=models.CASCADE, related_name="items", verbose_name=_("研修日")
    )
    starts_at = models.TimeField(_("開始時刻"))
    ends_at = models.TimeField(_("終了時刻"))
    subject = models.CharField(_("科目"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(_("種類"), max_length=20, choices=AgendaKind.choices)
    scope = models.CharField(
        _("区分"), max_length=20, choices=AgendaScope.choices, default=AgendaScope.NATIONAL
    )

    prefecture_field = "training_day__plan__committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("時間割の項目")
        verbose_name_plural = _("時間割の項目")
        ordering = ["training_day", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.subject


class RoleAssignment(models.Model):
    """One role of one agenda item, given to a committee member or to a 外部講師 by name."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="roles", verbose_name=_("時間割の項目")
    )
    role = models.CharField(_("役割"), max_length=20, choices=PlanningRole.choices)
    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("研修委員"),
    )
    lecturer_name = models.CharField(
        _("外部講師の氏名"),
        max_length=NAME_MAX_LENGTH,
        blank=True,
        validators=[validate_single_line],
    )
    lecturer_affiliation = models.CharField(
        _("外部講師の所属"), max_length=200, blank=True, validators=[validate_single_line]
    )

    prefecture_field = "item__training_day__plan__committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("役割の割り当て")
        verbose_name_plural = _("役割の割り当て")
        ordering = ["item", "role"]
        constraints = [
            models.UniqueConstraint(fields=["item", "role"], name="one_holder_per_role"),
            # exactly one of a member and an outside lecturer's name
            models.CheckConstraint(
                condition=(
                    models.Q(member__isnull=False, lecturer_name="")
                    | models.Q(member__isnull=True) & ~models.Q(lecturer_name="")
                ),
                name="role_holder_member_or_lecturer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} / {self.get_role_display()}"

    @property
    def holder_name(self) -> str:
        """Who holds the role, as the timetable prints it."""
        if self.member_id:
            return str(self.member)
        if self.lecturer_affiliation:
            return f"{self.lecturer_name}（{self.lecturer_affiliation}）"
        return self.lecturer_name
