"""小テスト: the page in the CMS and what trainees leave on it."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.scoping import PrefectureScopedQuerySet
from assessments.blocks.quizzes import QuizQuestionsBlock

__all__ = ["QuizAttempt", "QuizPage", "QuizReview"]

#: The default pass mark, in percent of the most an attempt can score.
DEFAULT_PASS_PERCENT = 80
DEFAULT_ATTEMPTS_LIMIT = 3
MAX_ATTEMPTS_LIMIT = 20


class QuizReview(models.TextChoices):
    """When a trainee may see the right answers and the feedback of their attempt."""

    AFTER_SUBMIT = "after_submit", _("提出後すぐに表示する")
    AFTER_CLOSE = "after_close", _("受験期間の終了後に表示する")
    NEVER = "never", _("表示しない")


class QuizPage(Page):
    """理解度を確かめる小テスト。問いごとに配点と解説があり、採点はサーバーで行います。"""

    intro = models.TextField(_("説明"), blank=True)
    questions = StreamField(QuizQuestionsBlock(), verbose_name=_("問い"), blank=True)
    pass_percent = models.PositiveSmallIntegerField(
        _("合格点（%）"),
        default=DEFAULT_PASS_PERCENT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("満点に対する割合です。"),
    )
    attempts_limit = models.PositiveSmallIntegerField(
        _("受験できる回数"),
        default=DEFAULT_ATTEMPTS_LIMIT,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ATTEMPTS_LIMIT)],
    )
    opens_at = models.DateTimeField(_("受験開始日時"), null=True, blank=True)
    closes_at = models.DateTimeField(_("受験終了日時"), null=True, blank=True)
    review = models.CharField(
        _("正解と解説の表示"),
        max_length=20,
        choices=QuizReview.choices,
        default=QuizReview.AFTER_SUBMIT,
        help_text=_("「受験期間の終了後」は、受験終了日時を決めたときだけ表示されます。"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("questions"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_percent"), FieldPanel("attempts_limit")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("review"),
            ],
            _("合格点・回数・期間"),
        ),
    ]
    # The questions stay out of the index: search would show their answers to anyone.
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.ProgramPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("小テスト")
        verbose_name_plural = _("小テスト")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(opens_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="quiz_closes_after_it_opens",
            )
        ]

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("受験終了日時は開始日時より後にしてください。")})

    def serve(self, request, *args, **kwargs):
        from assessments.views.quizzes import quiz_serve

        return quiz_serve(request, self)

    def get_preview_context(self, request, mode_name):
        # Wagtail previews through get_context, not serve: give the template its questions.
        from assessments.views.quizzes import quiz_preview_context

        return {**self.get_context(request), **quiz_preview_context(request, self)}


class QuizAttempt(models.Model):
    """One sitting of a quiz by an enrolled trainee: started, then submitted once and marked."""

    quiz = models.ForeignKey(
        QuizPage, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("小テスト")
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("受講登録"),
    )
    number = models.PositiveSmallIntegerField(_("回数"))
    # Fixes the order ordering questions are shown in, for this attempt only.
    shuffle_seed = models.CharField(_("並べ替えの種"), max_length=32)
    started_at = models.DateTimeField(_("開始日時"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    answers = models.JSONField(_("回答"), default=dict, blank=True)
    marks = models.JSONField(_("採点"), default=dict, blank=True)
    score = models.PositiveIntegerField(_("得点"), null=True, blank=True)
    max_score = models.PositiveIntegerField(_("満点"), null=True, blank=True)
    passed = models.BooleanField(_("合格"), default=False)

    prefecture_field = "enrollment__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("小テストの受験")
        verbose_name_plural = _("小テストの受験")
        ordering = ["quiz", "enrollment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "enrollment", "number"], name="one_attempt_per_number"
            ),
            # A second start while one is open (a double click) can never make two.
            models.UniqueConstraint(
                fields=["quiz", "enrollment"],
                condition=models.Q(submitted_at__isnull=True),
                name="one_open_attempt_per_quiz",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} / {self.quiz_id} / {self.number}"
