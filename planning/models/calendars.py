"""Calendars: a person's secret feed address, and the revision count of each event they carry."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import PrefectureScopedQuerySet

from .plans import AnnualPlan

__all__ = ["CalendarFeed", "EventKind", "EventRevision"]


class CalendarFeed(models.Model):
    """個人用カレンダー: the secret address where one person's calendar app reads their events.

    It belongs to the person, not to a prefecture: it shows only their own events, and only
    in prefectures where they still plan, so it needs no prefecture scope of its own.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("利用者"),
    )
    token = models.CharField(_("秘密のキー"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("発行日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("個人用カレンダー")
        verbose_name_plural = _("個人用カレンダー")

    def __str__(self) -> str:
        return str(self.user)


class EventKind(models.TextChoices):
    """What a calendar event stands for."""

    MEETING = "meeting", _("検討会議")
    TRAINING = "training", _("研修日")


class EventRevision(models.Model):
    """The SEQUENCE of one meeting or training day: raised whenever what the calendar shows changes.

    Calendar apps replace an event only when its SEQUENCE grows; the fingerprint of what was
    last sent tells whether it has changed, whichever screen changed it.
    """

    plan = models.ForeignKey(
        AnnualPlan, on_delete=models.CASCADE, related_name="+", verbose_name=_("年間計画")
    )
    kind = models.CharField(_("種類"), max_length=20, choices=EventKind.choices)
    object_id = models.PositiveBigIntegerField(_("対象のID"))
    fingerprint = models.CharField(_("内容の指紋"), max_length=64)
    sequence = models.PositiveIntegerField(_("改訂番号"), default=0)
    changed_at = models.DateTimeField(_("変更日時"))

    prefecture_field = "plan__committee__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("予定の改訂")
        verbose_name_plural = _("予定の改訂")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_revision_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.kind}-{self.object_id} #{self.sequence}"
