"""Seats of a training day shared among the prefecture's municipalities (受講枠の配分)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import PrefectureScopedQuerySet
from planning.seats import SeatRule

from .training import TrainingDay

__all__ = ["SeatAllocation", "SeatPlan"]


class SeatPlan(models.Model):
    """How a training day's seats were shared: the rule the committee picked, and when."""

    training_day = models.OneToOneField(
        TrainingDay, on_delete=models.CASCADE, related_name="seat_plan", verbose_name=_("研修日")
    )
    rule = models.CharField(_("配り方"), max_length=20, choices=SeatRule.CHOICES)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    prefecture_field = "training_day__plan__committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("受講枠の配分")
        verbose_name_plural = _("受講枠の配分")

    def __str__(self) -> str:
        return str(self.training_day)


class SeatAllocation(models.Model):
    """One municipality's seats on a training day, worked out or set by hand."""

    seat_plan = models.ForeignKey(
        SeatPlan, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("配分")
    )
    municipality = models.CharField(_("市区町村"), max_length=50)
    support_staff = models.PositiveIntegerField(_("相談支援員の人数"), default=0)
    seats = models.PositiveSmallIntegerField(_("席数"))
    by_hand = models.BooleanField(_("手で調整した"), default=False)

    prefecture_field = "seat_plan__training_day__plan__committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("市区町村の受講枠")
        verbose_name_plural = _("市区町村の受講枠")
        ordering = ["seat_plan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seat_plan", "municipality"], name="one_allocation_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.seats}"
