"""一括発行: the record of one bulk issue of a cohort's certificates, and the people it could not issue to.

Kept apart from certificates/models.py (the certificate itself) because it is the
task worker's bookkeeping, not part of what was certified; models.py imports it so
Django sees it as the app's model.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Prefecture
from accounts.scoping import PrefectureScopedQuerySet
from courses.models import Cohort, Enrollment


class BulkIssueStatus(models.TextChoices):
    """Where a bulk issue stands."""

    RUNNING = "running", _("発行中")
    DONE = "done", _("完了")
    INTERRUPTED = "interrupted", _("中断")


class BulkIssueRun(models.Model):
    """One 一括発行 of a cohort's missing certificates, run by the task worker: its progress."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="+", verbose_name=_("研修の回")
    )
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="+", verbose_name=_("都道府県")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("開始した人"),
    )
    status = models.CharField(
        _("状態"), max_length=12, choices=BulkIssueStatus.choices, default=BulkIssueStatus.RUNNING
    )
    total = models.PositiveIntegerField(_("対象者数"))
    issued = models.PositiveIntegerField(_("発行した数"), default=0)
    skipped = models.PositiveIntegerField(_("発行済みだった数"), default=0)
    failed = models.PositiveIntegerField(_("発行できなかった数"), default=0)
    started_at = models.DateTimeField(_("開始日時"), auto_now_add=True)
    # Moved by every certificate the worker finishes: a run that stops moving was cut off.
    heartbeat_at = models.DateTimeField(_("最終更新日時"), auto_now_add=True)
    finished_at = models.DateTimeField(_("終了日時"), null=True, blank=True)

    prefecture_field = "prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("修了証の一括発行")
        verbose_name_plural = _("修了証の一括発行")
        ordering = ["-started_at", "-pk"]
        constraints = [
            # Two administrators (or a double click) cannot start two runs of one cohort.
            models.UniqueConstraint(
                fields=["cohort"],
                condition=Q(status="running"),
                name="certificate_bulk_one_running_per_cohort",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cohort_id}: {self.done_count}/{self.total}"

    @property
    def done_count(self) -> int:
        return self.issued + self.skipped + self.failed

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done_count * 100 // self.total)

    @property
    def is_running(self) -> bool:
        return self.status == BulkIssueStatus.RUNNING


class BulkIssueFailure(models.Model):
    """One trainee a bulk issue could not issue to, with the reason in Japanese."""

    run = models.ForeignKey(
        BulkIssueRun, on_delete=models.CASCADE, related_name="failures", verbose_name=_("一括発行")
    )
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("受講登録"),
    )
    holder_name = models.CharField(_("氏名"), max_length=100)
    reason = models.TextField(_("理由"))
    at = models.DateTimeField(_("日時"), auto_now_add=True)

    prefecture_field = "run__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("一括発行できなかった人")
        verbose_name_plural = _("一括発行できなかった人")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.holder_name}: {self.reason}"
