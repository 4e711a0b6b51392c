"""自己評価（研修前・研修後）: the page in the CMS and what trainees leave on it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.scoping import PrefectureScopedQuerySet
from assessments.blocks.ratings import STATEMENT_MAX_LENGTH, RatingStatementsBlock

__all__ = [
    "RATING_MAX",
    "RATING_MIN",
    "RatingPhase",
    "SelfRating",
    "SelfRatingPage",
    "SelfRatingScore",
]

#: The scale every statement (and every survey rating question) is answered on.
RATING_MIN, RATING_MAX = 1, 5


class SelfRatingPage(Page):
    """研修の前と後に、同じ項目を1〜5で自己評価します。"""

    intro = models.TextField(_("説明"), blank=True)
    statements = StreamField(
        RatingStatementsBlock(),
        verbose_name=_("項目"),
        blank=True,
        help_text=_(
            "項目を消すと、その項目への回答は報告に出なくなります。文言の修正は回答を保ちます。"
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("statements")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.ProgramPage"]
    subpage_types: list[str] = []
    template = "assessments/rating_page.html"

    class Meta:
        verbose_name = _("自己評価（研修前・研修後）")
        verbose_name_plural = _("自己評価（研修前・研修後）")

    def serve(self, request, *args, **kwargs):
        from assessments.views.ratings import rating_serve

        return rating_serve(request, self)

    def get_preview_context(self, request, mode_name):
        from assessments.views.ratings import rating_preview_context

        return rating_preview_context(request, self)


class RatingPhase(models.TextChoices):
    """When a self-rating is answered: before the first lesson, or after the training day."""

    BEFORE = "before", _("研修前")
    AFTER = "after", _("研修後")


class SelfRating(models.Model):
    """One enrollment's answer to a self-rating page in one phase; each phase is answered once."""

    enrollment = models.ForeignKey(
        "courses.Enrollment",
        on_delete=models.CASCADE,
        related_name="self_ratings",
        verbose_name=_("受講登録"),
    )
    page = models.ForeignKey(
        SelfRatingPage, on_delete=models.CASCADE, related_name="answers", verbose_name=_("自己評価")
    )
    phase = models.CharField(_("時期"), max_length=10, choices=RatingPhase.choices)
    answered_at = models.DateTimeField(_("回答日時"))

    prefecture_field = "enrollment__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("自己評価の回答")
        verbose_name_plural = _("自己評価の回答")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "page", "phase"], name="one_self_rating_per_phase"
            ),
            models.CheckConstraint(
                condition=models.Q(phase__in=["before", "after"]), name="self_rating_phase_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} / {self.page_id} / {self.phase}"


class SelfRatingScore(models.Model):
    """The 1–5 a trainee gave one statement in one answer."""

    rating = models.ForeignKey(
        SelfRating, on_delete=models.CASCADE, related_name="scores", verbose_name=_("回答")
    )
    # The statement's block id, so an edited wording keeps its answers comparable.
    statement_key = models.CharField(_("項目の識別子"), max_length=64)
    # The statement as it read when answered: the page may change, the answer must stay readable.
    statement = models.CharField(_("項目"), max_length=STATEMENT_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(_("項目の番号"))
    score = models.PositiveSmallIntegerField(_("評価"))

    prefecture_field = "rating__enrollment__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("自己評価の点")
        verbose_name_plural = _("自己評価の点")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "statement_key"], name="one_score_per_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=RATING_MIN) & models.Q(score__lte=RATING_MAX),
                name="self_rating_score_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} / {self.position}: {self.score}"
