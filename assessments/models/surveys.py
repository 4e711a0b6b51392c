"""研修評価アンケート: the page in the CMS and what trainees leave on it.

An anonymous survey keeps two things apart: SurveyResponse says *that* an enrollment
answered (so a second answer is refused), SurveySubmission holds *what* was answered,
without the respondent. Neither carries a time finer than the day, and submissions
and answers have random (UUID) keys, so neither order nor time links the two.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.scoping import PrefectureScopedQuerySet
from assessments.blocks.surveys import QUESTION_MAX_LENGTH, SurveyQuestionsBlock
from assessments.models.ratings import RATING_MAX, RATING_MIN

__all__ = [
    "MIN_ANONYMOUS_GROUP",
    "SURVEY_TEXT_MAX_LENGTH",
    "SurveyAnswer",
    "SurveyPage",
    "SurveyResponse",
    "SurveySubmission",
]

#: An anonymous survey shows no result for a group (a cohort) with fewer answers than this.
MIN_ANONYMOUS_GROUP = 5
#: Enough for considered comments on one question; a pasted document is refused.
SURVEY_TEXT_MAX_LENGTH = 2000


class SurveyPage(Page):
    """研修委員会が振り返りで読む、研修の評価アンケート。"""

    intro = models.TextField(_("説明"), blank=True)
    anonymous = models.BooleanField(
        _("匿名で回答を集める"),
        default=True,
        help_text=_(
            "匿名にすると、誰が何と答えたかはどの画面にも出ません。"
            "回答が5件未満の回の結果は表示しません。"
        ),
    )
    questions = StreamField(SurveyQuestionsBlock(), verbose_name=_("質問"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("anonymous"),
        FieldPanel("questions"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.ProgramPage"]
    subpage_types: list[str] = []
    template = "assessments/survey_page.html"

    class Meta:
        verbose_name = _("研修評価アンケート")
        verbose_name_plural = _("研修評価アンケート")

    def serve(self, request, *args, **kwargs):
        from assessments.views.surveys import survey_serve

        return survey_serve(request, self)

    def get_preview_context(self, request, mode_name):
        from assessments.views.surveys import survey_preview_context

        return survey_preview_context(request, self)


class SurveyResponse(models.Model):
    """That an enrollment answered a survey (never what): one per enrollment and survey."""

    enrollment = models.ForeignKey(
        "courses.Enrollment",
        on_delete=models.CASCADE,
        related_name="survey_responses",
        verbose_name=_("受講登録"),
    )
    page = models.ForeignKey(
        SurveyPage, on_delete=models.CASCADE, related_name="responses", verbose_name=_("アンケート")
    )
    # The day only: a time could be matched with an anonymous submission's.
    answered_on = models.DateField(_("回答日"))

    prefecture_field = "enrollment__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("アンケートの回答済み記録")
        verbose_name_plural = _("アンケートの回答済み記録")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "page"], name="one_survey_response")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} / {self.page_id}"


class SurveySubmission(models.Model):
    """What one respondent answered, kept under the cohort; without the respondent when anonymous."""

    # Random keys: an increasing id would line submissions up with SurveyResponse rows.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    page = models.ForeignKey(
        SurveyPage,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("アンケート"),
    )
    cohort = models.ForeignKey(
        "courses.Cohort",
        on_delete=models.PROTECT,
        related_name="survey_submissions",
        verbose_name=_("研修の回"),
    )
    # Empty for an anonymous survey; set only when the survey names its respondents.
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_submissions",
        verbose_name=_("受講登録"),
    )
    answered_on = models.DateField(_("回答日"))

    prefecture_field = "cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("アンケートの回答")
        verbose_name_plural = _("アンケートの回答")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "page"],
                condition=models.Q(enrollment__isnull=False),
                name="one_named_survey_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_id} / {self.cohort_id}"


class SurveyAnswer(models.Model):
    """One question's answer in a submission: a 1–5 rating or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(
        SurveySubmission, on_delete=models.CASCADE, related_name="answers", verbose_name=_("回答")
    )
    # The question's block id, so an edited wording keeps its answers together.
    question_key = models.CharField(_("質問の識別子"), max_length=64)
    # The question as it read when answered.
    question = models.CharField(_("質問"), max_length=QUESTION_MAX_LENGTH)
    position = models.PositiveSmallIntegerField(_("質問の番号"))
    rating = models.PositiveSmallIntegerField(_("評価"), null=True, blank=True)
    text = models.TextField(_("記述"), blank=True)

    prefecture_field = "submission__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("アンケートの設問ごとの回答")
        verbose_name_plural = _("アンケートの設問ごとの回答")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question_key"], name="one_answer_per_survey_question"
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | (models.Q(rating__gte=RATING_MIN) & models.Q(rating__lte=RATING_MAX)),
                name="survey_rating_in_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} / {self.position}"
