"""検討会議: the committee's planning meetings, their minutes and their action items."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import PrefectureScopedQuerySet
from base.validators import validate_multiline, validate_single_line

from .committee import NAME_MAX_LENGTH, CommitteeMember
from .plans import AnnualPlan
from .training import TrainingDay

__all__ = ["ActionItem", "ActionState", "PlanningMeeting"]


class PlanningMeeting(models.Model):
    """検討会議: a committee meeting planning one training, with its agenda, minutes and decisions."""

    plan = models.ForeignKey(
        AnnualPlan, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("年間計画")
    )
    title = models.CharField(_("名称"), max_length=200, validators=[validate_single_line])
    starts_at = models.DateTimeField(_("開始日時"))
    ends_at = models.DateTimeField(_("終了日時"))
    place = models.CharField(
        _("場所"), max_length=200, blank=True, validators=[validate_single_line]
    )
    online_url = models.URLField(_("オンライン会議のURL"), blank=True)
    training_day = models.ForeignKey(
        TrainingDay,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("検討する研修日"),
    )
    agenda = models.TextField(_("議題"), blank=True, validators=[validate_multiline])
    minutes = models.TextField(_("議事録（Markdown）"), blank=True, validators=[validate_multiline])
    decisions = models.TextField(_("決定事項"), blank=True, validators=[validate_multiline])
    attendees = models.ManyToManyField(
        CommitteeMember, blank=True, related_name="meetings_attended", verbose_name=_("出席者")
    )

    prefecture_field = "plan__committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("検討会議")
        verbose_name_plural = _("検討会議")
        ordering = ["plan", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ActionState(models.TextChoices):
    """Where an action item stands."""

    OPEN = "open", _("未着手")
    IN_PROGRESS = "in_progress", _("対応中")
    DONE = "done", _("完了")


class ActionItem(models.Model):
    """宿題: something a meeting gave one member to do by a date."""

    meeting = models.ForeignKey(
        PlanningMeeting,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("検討会議"),
    )
    title = models.CharField(
        _("内容"), max_length=NAME_MAX_LENGTH * 2, validators=[validate_single_line]
    )
    owner = models.ForeignKey(
        CommitteeMember,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("担当者"),
    )
    due_on = models.DateField(_("期限"))
    state = models.CharField(
        _("状態"), max_length=20, choices=ActionState.choices, default=ActionState.OPEN
    )

    prefecture_field = "meeting__plan__committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("宿題")
        verbose_name_plural = _("宿題")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title
