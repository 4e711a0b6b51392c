"""振り返りの会: what the committee decided to keep and to change after the year's trainings."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import PrefectureScopedQuerySet
from base.validators import validate_multiline

from .committee import CommitteeMember
from .plans import AnnualPlan
from .training import TrainingDay

__all__ = ["NOTE_MAX_LENGTH", "NoteKind", "RetrospectiveNote"]

#: one limit for a keep/change note, used by the form and the service
NOTE_MAX_LENGTH = 2000


class NoteKind(models.TextChoices):
    """Whether a note says what to keep or what to change."""

    KEEP = "keep", _("続けること")
    CHANGE = "change", _("変えること")


class RetrospectiveNote(models.Model):
    """One keep-or-change note of the 振り返り, about the whole plan or one training day."""

    plan = models.ForeignKey(
        AnnualPlan,
        on_delete=models.CASCADE,
        related_name="retrospective_notes",
        verbose_name=_("年間計画"),
    )
    training_day = models.ForeignKey(
        TrainingDay,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="retrospective_notes",
        verbose_name=_("研修日"),
    )
    kind = models.CharField(_("種類"), max_length=10, choices=NoteKind.choices)
    text = models.TextField(_("内容"), max_length=NOTE_MAX_LENGTH, validators=[validate_multiline])
    author = models.ForeignKey(
        CommitteeMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("記入者"),
    )
    #: copied with the plan into the next 年度, so next year's committee reads it there
    from_previous_year = models.BooleanField(_("前年度の振り返りから"), default=False)
    created_at = models.DateTimeField(_("記入日時"), auto_now_add=True)

    prefecture_field = "plan__committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("振り返りのメモ")
        verbose_name_plural = _("振り返りのメモ")
        ordering = ["plan", "training_day", "kind", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]
