"""プラン作成演習: the page in the CMS and what trainees leave on it."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.scoping import PrefectureScopedQuerySet
from assessments.blocks.worksheets import RubricBlock

__all__ = ["PlanWorksheet", "PlanWorksheetPage", "WorksheetRound"]


@dataclass(frozen=True)
class PlanField:
    """One free-text field of the plan form, with the one limit form, service and counter use."""

    name: str
    label: str
    max_length: int
    multiline: bool = True


#: The plan form's text fields, in the order of プラン兼事業等利用申込書.
PLAN_FIELDS: tuple[PlanField, ...] = (
    PlanField("issues", _("課題と背景要因"), 2000),
    PlanField("long_term_goal", _("本人の目指す姿（長期目標）"), 1000),
    PlanField("short_term_goal", _("達成目標（短期）"), 1000),
    PlanField("own_actions", _("本人が取り組むこと"), 1500),
    PlanField("support", _("支援内容"), 2000),
    PlanField("plan_period", _("プラン期間"), 100, multiline=False),
    PlanField("next_monitoring", _("次回モニタリング時期"), 100, multiline=False),
)
PLAN_FIELD_NAMES = tuple(field.name for field in PLAN_FIELDS)
PLAN_LIMITS = {field.name: field.max_length for field in PLAN_FIELDS}
#: A facilitator's comment on one field, and the overall comment.
REVIEW_COMMENT_MAX_LENGTH = 1000
#: The key of the overall comment among a round's comments.
OVERALL_COMMENT = "overall"


class PlanService(models.TextChoices):
    """法に基づく事業等: the services of the Act a plan may use (the seed's numbered menu)."""

    HOUSING = "housing", _("住居確保給付金")
    TEMPORARY_LIVING = "temporary_living", _("一時生活支援事業")
    HOUSEHOLD_BUDGET = "household_budget", _("家計相談支援事業")
    WORK_PREPARATION = "work_preparation", _("就労準備支援事業")
    CERTIFIED_TRAINING = "certified_training", _("認定就労訓練事業")
    EMPLOYMENT = "employment", _("就労支援")


class PlanWorksheetPage(Page):
    """事例をもとにプラン兼事業等利用申込書を書く演習。ファシリテーターが確認します。"""

    intro = models.TextField(_("説明"), blank=True)
    # SET_NULL: a retired case must not take trainees' plans with it; each round keeps its title.
    case_study = models.ForeignKey(
        "casestudies.CaseStudyPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("事例"),
    )
    rubric = StreamField(RubricBlock(), blank=True, verbose_name=_("評価の観点"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("case_study"),
        FieldPanel("rubric"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.ProgramPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("プラン作成演習")
        verbose_name_plural = _("プラン作成演習")

    def criteria(self) -> list[dict]:
        """The rubric's criteria as id, label, description and maximum points."""
        return [
            {
                "id": block.id,
                "label": block.value["label"],
                "description": block.value["description"],
                "max_points": block.value["max_points"],
            }
            for block in self.rubric
            if block.block_type == "criterion"
        ]

    def serve(self, request, *args, **kwargs):
        from assessments.views.worksheets import worksheet_serve

        return worksheet_serve(request, self)

    def get_preview_template(self, request, mode_name):
        # An editor previews the page as people outside the program see it: no one's plan.
        return "assessments/worksheet_locked.html"

    def get_preview_context(self, request, mode_name):
        return {
            **self.get_context(request),
            "case": self.case_study,
            "criteria": self.criteria(),
            "facilitating": False,
        }


class PlanWorksheet(models.Model):
    """A trainee's plan for one worksheet page: the draft they write, and where its review stands."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("下書き")
        SUBMITTED = "submitted", _("確認待ち")
        RETURNED = "returned", _("差し戻し")
        ACCEPTED = "accepted", _("承認")

    enrollment = models.ForeignKey(
        "courses.Enrollment",
        on_delete=models.CASCADE,
        related_name="plan_worksheets",
        verbose_name=_("受講登録"),
    )
    page = models.ForeignKey(
        PlanWorksheetPage,
        on_delete=models.CASCADE,
        related_name="worksheets",
        verbose_name=_("プラン作成演習"),
    )
    issues = models.TextField(_("課題と背景要因"), blank=True)
    long_term_goal = models.TextField(_("本人の目指す姿（長期目標）"), blank=True)
    short_term_goal = models.TextField(_("達成目標（短期）"), blank=True)
    own_actions = models.TextField(_("本人が取り組むこと"), blank=True)
    support = models.TextField(_("支援内容"), blank=True)
    services = models.JSONField(_("法に基づく事業等"), default=list, blank=True)
    plan_period = models.CharField(
        _("プラン期間"), max_length=PLAN_LIMITS["plan_period"], blank=True
    )
    next_monitoring = models.CharField(
        _("次回モニタリング時期"), max_length=PLAN_LIMITS["next_monitoring"], blank=True
    )
    consent = models.BooleanField(_("本人同意"), default=False)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    saved_at = models.DateTimeField(_("保存日時"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("承認日時"), null=True, blank=True)

    prefecture_field = "enrollment__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("プラン（受講者）")
        verbose_name_plural = _("プラン（受講者）")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "page"], name="one_plan_worksheet_per_page"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} / {self.page_id}"

    @property
    def locked(self) -> bool:
        """Submitted or accepted: the trainee cannot change it until it is returned."""
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)

    def content(self) -> dict:
        """What the trainee wrote, as a round keeps it."""
        return {
            **{name: getattr(self, name) for name in PLAN_FIELD_NAMES},
            "services": list(self.services),
            "consent": self.consent,
        }


class WorksheetRound(models.Model):
    """One submission of a plan and its review: the plan as sent, comments, scores and decision."""

    class Decision(models.TextChoices):
        RETURNED = "returned", _("差し戻し")
        ACCEPTED = "accepted", _("承認")

    worksheet = models.ForeignKey(
        PlanWorksheet, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("プラン")
    )
    number = models.PositiveSmallIntegerField(_("回"))
    content = models.JSONField(_("提出された内容"))
    case_title = models.CharField(_("事例の題名"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("提出日時"))
    decision = models.CharField(
        _("確認の結果"), max_length=20, choices=Decision.choices, blank=True
    )
    comments = models.JSONField(_("コメント"), default=dict, blank=True)
    # The rubric as it read when scored: label and maximum beside each criterion's points.
    scores = models.JSONField(_("採点"), default=list, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("確認した人"),
    )
    decided_at = models.DateTimeField(_("確認日時"), null=True, blank=True)

    prefecture_field = "worksheet__enrollment__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("プランの提出と確認")
        verbose_name_plural = _("プランの提出と確認")
        ordering = ["worksheet", "number"]
        constraints = [
            models.UniqueConstraint(fields=["worksheet", "number"], name="one_round_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.worksheet} #{self.number}"

    def total_points(self) -> tuple[int, int]:
        """Points given and points possible over the scored criteria."""
        return (
            sum(item["points"] for item in self.scores),
            sum(item["max_points"] for item in self.scores),
        )
