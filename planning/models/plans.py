"""The annual plan (年間計画) of a committee, its milestones, and the templates plans start from."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Prefecture
from accounts.scoping import PrefectureScopedQuerySet
from base.validators import validate_multiline, validate_single_line

from .committee import NAME_MAX_LENGTH, Committee

__all__ = ["AnnualPlan", "EntryKind", "Milestone", "PlanTemplate", "PlanTemplateEntry"]


class EntryKind(models.TextChoices):
    """What a line of a plan template becomes in a plan."""

    MILESTONE = "milestone", _("節目")
    MEETING = "meeting", _("検討会議")
    TRAINING = "training", _("研修日")


class AnnualPlan(models.Model):
    """年間計画: what one committee will do in its 年度, from the team's forming to the 振り返り."""

    committee = models.OneToOneField(
        Committee, on_delete=models.CASCADE, related_name="plan", verbose_name=_("研修委員会")
    )
    title = models.CharField(_("名称"), max_length=200, validators=[validate_single_line])
    template_name = models.CharField(_("元にしたひな形"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    prefecture_field = "committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("年間計画")
        verbose_name_plural = _("年間計画")
        ordering = ["committee__prefecture__code", "-committee__fiscal_year"]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    """節目: a dated step of the plan (the team formed, the roster sent, the 振り返り held)."""

    plan = models.ForeignKey(
        AnnualPlan, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("年間計画")
    )
    title = models.CharField(
        _("名称"), max_length=NAME_MAX_LENGTH, validators=[validate_single_line]
    )
    due_on = models.DateField(_("期日"))
    done_on = models.DateField(_("完了日"), null=True, blank=True)
    note = models.TextField(_("メモ"), blank=True, validators=[validate_multiline])

    prefecture_field = "plan__committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("節目")
        verbose_name_plural = _("節目")
        ordering = ["plan", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanTemplate(models.Model):
    """A prefecture's own ひな形 for next years' plans, saved from one of its plans."""

    prefecture = models.OneToOneField(
        Prefecture,
        on_delete=models.CASCADE,
        related_name="plan_template",
        verbose_name=_("都道府県"),
    )
    name = models.CharField(_("名称"), max_length=200, validators=[validate_single_line])
    saved_at = models.DateTimeField(_("保存日時"), auto_now=True)

    prefecture_field = "prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("年間計画のひな形")
        verbose_name_plural = _("年間計画のひな形")

    def __str__(self) -> str:
        return self.name


class PlanTemplateEntry(models.Model):
    """One line of a ひな形: what happens, of which kind, in which month and on which day."""

    template = models.ForeignKey(
        PlanTemplate, on_delete=models.CASCADE, related_name="entries", verbose_name=_("ひな形")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=EntryKind.choices)
    title = models.CharField(_("名称"), max_length=NAME_MAX_LENGTH)
    #: months from the January that opens the plan: 0 = January, 3 = April, 15 = March next
    month_offset = models.PositiveSmallIntegerField(_("月（1月からの月数）"))
    day = models.PositiveSmallIntegerField(_("日"))

    prefecture_field = "template__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ひな形の行")
        verbose_name_plural = _("ひな形の行")
        ordering = ["template", "month_offset", "day", "pk"]

    def __str__(self) -> str:
        return self.title
