"""伝達研修 programs and lessons (CMS pages), and the cohorts that run them."""

from datetime import date

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.models import Prefecture
from accounts.scoping import PrefectureScopedQuerySet
from base.models import SharedRestrictionsMixin
from base.validators import validate_single_line
from courses.blocks import LessonStreamBlock


class JobRole(models.Model):
    """A job a program is written for: 主任相談支援員, 相談支援員, 就労支援員 and others."""

    code = models.SlugField(_("コード"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    class Meta:
        verbose_name = _("対象職種")
        verbose_name_plural = _("対象職種")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.name


class ProgramIndexPage(Page):
    """研修プログラム一覧: the public catalogue of programs."""

    intro = models.TextField(_("紹介文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["base.HomePage"]
    subpage_types = ["courses.ProgramPage"]
    max_count = 1

    class Meta:
        verbose_name = _("研修プログラム一覧")

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import programs_for_catalogue

        context = super().get_context(request, *args, **kwargs)
        context["programs"] = programs_for_catalogue(self)
        return context


class ProgramKind(models.TextChoices):
    """The four national programs, and local subjects a prefecture adds."""

    ZENKI_COMMON = "zenki_common", _("前期共通プログラム")
    SHUNIN_KOKI = "shunin_koki", _("主任相談支援員後期")
    SOUDAN_KOKI = "soudan_koki", _("相談支援員後期")
    SHURO_KOKI = "shuro_koki", _("就労支援員後期")
    LOCAL = "local", _("地域独自")


class ProgramPage(Page):
    """A 伝達研修 program: who it is for, how long it runs, and what completing it takes."""

    kind = models.CharField(_("プログラムの種類"), max_length=20, choices=ProgramKind.choices)
    audience = ParentalManyToManyField(JobRole, verbose_name=_("対象職種"), blank=True)
    national_days = models.DecimalField(
        _("国研修の日数"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    cascade_days = models.DecimalField(_("伝達研修の標準日数"), max_digits=3, decimal_places=1)
    summary = models.TextField(_("概要"))
    learning_goals = models.TextField(_("到達目標"), help_text=_("1行に1つ書きます。"))
    completion_note = models.TextField(
        _("修了の要件"), help_text=_("すべての講義の完了に加えて求めることがあれば書きます。")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("audience", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("national_days"), FieldPanel("cascade_days")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("learning_goals"), FieldPanel("completion_note")], _("目標と修了")
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("learning_goals"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["courses.ProgramIndexPage"]
    # Assessments sits above courses; names, not imports, keep the floors clean.
    subpage_types = [
        "courses.LessonPage",
        "assessments.QuizPage",
        "assessments.PlanWorksheetPage",
        "assessments.SelfRatingPage",
        "assessments.SurveyPage",
    ]

    class Meta:
        verbose_name = _("研修プログラム")
        verbose_name_plural = _("研修プログラム")

    def goals(self) -> list[str]:
        """The learning goals as a list."""
        return [line.strip() for line in self.learning_goals.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from courses.selectors import program_overview

        context = super().get_context(request, *args, **kwargs)
        context.update(program_overview(self, request.user))
        return context


class LessonPage(SharedRestrictionsMixin, Page):
    """講義・演習: one lesson of a program, studied online; its body needs an enrollment."""

    module = models.CharField(
        _("日程・単元"), max_length=50, blank=True, help_text=_("例: 1日目 午前、講義、演習")
    )
    objectives = models.TextField(_("学習目標"), help_text=_("1行に1つ書きます。"))
    estimated_minutes = models.PositiveSmallIntegerField(_("目安時間（分）"), default=30)
    body = StreamField(LessonStreamBlock(), verbose_name=_("本文"))

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("module"), FieldPanel("estimated_minutes")]),
        FieldPanel("objectives"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("objectives"),
        index.SearchField("body"),
    ]
    parent_page_types = ["courses.ProgramPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("講義")
        verbose_name_plural = _("講義")

    def objective_list(self) -> list[str]:
        """The learning objectives as a list."""
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def serve(self, request, *args, **kwargs):
        from courses.views import lesson_serve

        return lesson_serve(request, self)

    def get_preview_context(self, request, mode_name):
        # Wagtail previews through get_context, not serve: give the template its program.
        from courses.views import lesson_context

        return {**self.get_context(request), **lesson_context(request, self)}


# The same century workshops accept for their dates; anything else is a typing slip.
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2000, 2099
FISCAL_YEAR_MESSAGE = _("年度は2000年度から2099年度の間で入力してください。")


def fiscal_year_span(fiscal_year: int) -> tuple[date, date]:
    """年度: the Japanese fiscal year, from 1 April of that year to 31 March of the next."""
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


class Cohort(models.Model):
    """One run of a program in one prefecture: 年度, dates, venue, capacity and facilitators."""

    program = models.ForeignKey(
        ProgramPage, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("プログラム")
    )
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("都道府県")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("年度"),
        validators=[
            MinValueValidator(FIRST_FISCAL_YEAR, FISCAL_YEAR_MESSAGE),
            MaxValueValidator(LAST_FISCAL_YEAR, FISCAL_YEAR_MESSAGE),
        ],
    )
    title = models.CharField(_("名称"), max_length=200, validators=[validate_single_line])
    starts_on = models.DateField(_("開始日"))
    ends_on = models.DateField(_("終了日"))
    venue = models.CharField(
        _("会場"), max_length=200, blank=True, validators=[validate_single_line]
    )
    capacity = models.PositiveSmallIntegerField(_("定員"), default=40)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="facilitated_cohorts",
        verbose_name=_("ファシリテーター"),
    )
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    prefecture_field = "prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("研修の回（コホート）")
        verbose_name_plural = _("研修の回（コホート）")
        ordering = ["-fiscal_year", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cohort_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(fiscal_year__gte=FIRST_FISCAL_YEAR)
                & models.Q(fiscal_year__lte=LAST_FISCAL_YEAR),
                name="cohort_fiscal_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Enrollment(models.Model):
    """A trainee's place in a cohort, from invitation to completion."""

    class Status(models.TextChoices):
        INVITED = "invited", _("招待中")
        ENROLLED = "enrolled", _("受講中")
        COMPLETED = "completed", _("修了")
        WITHDRAWN = "withdrawn", _("辞退")

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("受講者"),
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("研修の回")
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.ENROLLED
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    completed_at = models.DateTimeField(_("修了日時"), null=True, blank=True)

    prefecture_field = "cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("受講登録")
        verbose_name_plural = _("受講登録")
        constraints = [
            models.UniqueConstraint(fields=["trainee", "cohort"], name="one_enrollment_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.trainee} / {self.cohort}"


class LessonProgress(models.Model):
    """How far a trainee is in one lesson: started, completed, and where they stopped reading."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="progress", verbose_name=_("受講登録")
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="progress", verbose_name=_("講義")
    )
    started_at = models.DateTimeField(_("開始日時"), auto_now_add=True)
    completed_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    last_position = models.CharField(_("最後に読んだ位置"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    prefecture_field = "enrollment__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("講義の進捗")
        verbose_name_plural = _("講義の進捗")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "lesson"], name="one_progress_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} / {self.lesson_id}"


class ReflectionAnswer(models.Model):
    """A trainee's kept answer to one 振り返りの問い of a lesson, read by their cohort's facilitators."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("受講登録")
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("講義")
    )
    # The question's block id in the lesson body, so an edited wording keeps its answer.
    question_key = models.CharField(_("問いの識別子"), max_length=64)
    position = models.PositiveSmallIntegerField(_("問いの番号"), default=1)
    # The question as it read when answered: the page may change, the answer must stay readable.
    question = models.CharField(_("問い"), max_length=300)
    text = models.TextField(_("回答"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    prefecture_field = "enrollment__cohort__prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("振り返りの回答")
        verbose_name_plural = _("振り返りの回答")
        ordering = ["lesson__path", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "lesson", "question_key"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} / {self.lesson_id} / {self.position}"
