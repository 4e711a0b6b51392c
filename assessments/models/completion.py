"""修了の要件: one rule per program, and the log of steps marked done by hand."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.scoping import PrefectureScopedQuerySet

__all__ = ["CompletionOverride", "CompletionRule"]

#: A reason long enough to explain an exception, short enough to read in the table.
OVERRIDE_REASON_MAX_LENGTH = 500


class CompletionRule(models.Model):
    """修了の要件: what finishing one program takes, written in the CMS by its editors.

    A program without a rule keeps the old meaning: every live lesson done.
    """

    class LessonScope(models.TextChoices):
        ALL = "all", _("すべての講義")
        CHOSEN = "chosen", _("選んだ講義")

    class QuizScope(models.TextChoices):
        NONE = "none", _("求めない")
        ALL = "all", _("すべての小テスト")
        CHOSEN = "chosen", _("選んだ小テスト")

    program = models.OneToOneField(
        "courses.ProgramPage",
        on_delete=models.CASCADE,
        related_name="completion_rule",
        verbose_name=_("プログラム"),
    )
    lesson_scope = models.CharField(
        _("完了が必要な講義"), max_length=10, choices=LessonScope.choices, default=LessonScope.ALL
    )
    lessons = models.ManyToManyField(
        "courses.LessonPage",
        blank=True,
        related_name="+",
        verbose_name=_("選んだ講義"),
        help_text=_("「選んだ講義」のときだけ使います。"),
    )
    reflections_required = models.BooleanField(
        _("振り返りの問いへの回答を求める"),
        default=False,
        help_text=_("完了が必要な講義に振り返りの問いがあれば、すべてに答えることを求めます。"),
    )
    quiz_scope = models.CharField(
        _("合格が必要な小テスト"), max_length=10, choices=QuizScope.choices, default=QuizScope.NONE
    )
    quizzes = models.ManyToManyField(
        "assessments.QuizPage",
        blank=True,
        related_name="+",
        verbose_name=_("選んだ小テスト"),
        help_text=_("「選んだ小テスト」のときだけ使います。"),
    )
    worksheets_required = models.BooleanField(_("プラン作成演習の承認を求める"), default=False)
    workshop_required = models.BooleanField(
        _("グループワークへの出席を求める"),
        default=False,
        help_text=_("研修の回のグループワークすべてに出席していることを求めます。"),
    )
    ratings_required = models.BooleanField(
        _("自己評価（研修前・研修後）の回答を求める"), default=False
    )
    survey_required = models.BooleanField(_("研修評価アンケートの回答を求める"), default=False)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("修了の要件")
        verbose_name_plural = _("修了の要件")
        ordering = ["program__path"]

    def __str__(self) -> str:
        return str(self.program)


class CompletionOverride(models.Model):
    """A step of one trainee's checklist marked done by the prefecture administrator, with why."""

    enrollment = models.ForeignKey(
        "courses.Enrollment",
        on_delete=models.CASCADE,
        related_name="completion_overrides",
        verbose_name=_("受講登録"),
    )
    # The step's key in the rule (例: quiz-12); a step the rule drops later is simply ignored.
    step_key = models.CharField(_("項目"), max_length=40)
    step_label = models.CharField(_("項目名"), max_length=300)
    reason = models.TextField(_("理由"), max_length=OVERRIDE_REASON_MAX_LENGTH)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("記録した人"),
    )
    marked_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    prefecture_field = "enrollment__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("手作業での完了")
        verbose_name_plural = _("手作業での完了")
        ordering = ["marked_at"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "step_key"], name="one_override_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} / {self.step_label}"
