"""The waiting list (順番待ち) of a training day: roster rows beyond their municipality's seats."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.scoping import PrefectureScopedQuerySet

from .training import TrainingDay

__all__ = ["WaitingEntry"]


class WaitingEntry(models.Model):
    """One person waiting for a seat on a training day, in the order the roster listed them.

    `position` orders the whole day's list; a person moves up when their municipality (or,
    with no seat plan, the day) has a seat free and nobody of that municipality is before them.
    """

    training_day = models.ForeignKey(
        TrainingDay, on_delete=models.CASCADE, related_name="waiting", verbose_name=_("研修日")
    )
    position = models.PositiveIntegerField(_("順番"))
    municipality = models.CharField(_("市区町村"), max_length=50, blank=True)
    email = models.EmailField(_("メールアドレス"))
    full_name = models.CharField(_("氏名"), max_length=100)
    furigana = models.CharField(_("ふりがな"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属機関"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("登録した人"),
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    prefecture_field = "training_day__plan__committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("順番待ち")
        verbose_name_plural = _("順番待ち")
        ordering = ["training_day", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_day", "position"], name="one_waiting_place_per_position"
            ),
            models.UniqueConstraint(
                fields=["training_day", "email"], name="one_waiting_place_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} {self.full_name}"
