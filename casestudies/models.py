"""Case studies (CMS pages) and, kept apart, their originals and the anonymiser's findings."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from casestudies.page_forms import CaseStudyPageForm

#: The public text fields of a case study, in reading order, with their headings.
SECTIONS: list[tuple[str, str]] = [
    ("summary", _("概要")),
    ("background", _("背景・地域の特徴")),
    ("before", _("取組み前の状況")),
    ("actions", _("取組み")),
    ("changes", _("変化・効果")),
    ("challenges", _("課題と今後")),
    ("questions", _("考察のための問い")),
]
PUBLIC_FIELDS = ("title", *[name for name, _heading in SECTIONS])


@register_snippet
class Theme(models.Model):
    """A theme of practice cases are filed under: 官民協働, 協働体制, 重層的支援 and so on."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    slug = models.SlugField(_("スラッグ"), max_length=50, unique=True, allow_unicode=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("テーマ")
        verbose_name_plural = _("テーマ")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SupportStep(models.Model):
    """A step of the support process (① to ⑬) that a case can illustrate."""

    number = models.PositiveSmallIntegerField(_("番号"), unique=True)
    name = models.CharField(_("名称"), max_length=50)

    class Meta:
        verbose_name = _("支援プロセスのステップ")
        verbose_name_plural = _("支援プロセスのステップ")
        ordering = ["number"]

    def __str__(self) -> str:
        from courses.support_process import circled

        return f"{circled(self.number)} {self.name}"


class CaseStudyIndexPage(Page):
    """事例一覧: the case studies, filterable by theme."""

    intro = models.TextField(_("紹介文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["base.HomePage"]
    subpage_types = ["casestudies.CaseStudyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("事例一覧")

    def get_context(self, request, *args, **kwargs):
        from casestudies.selectors import case_studies_for_index

        context = super().get_context(request, *args, **kwargs)
        context.update(case_studies_for_index(self, request.GET.get("theme", "")))
        return context


def _with_readability(lessons: list, user) -> list[tuple[object, bool]]:
    """Each lesson with whether `user` may open it, so a reader is linked only where they can go."""
    from courses.permissions import program_ids_readable_by

    readable = program_ids_readable_by(user)
    if readable is None:
        return [(lesson, True) for lesson in lessons]
    # A lesson's program is its parent page: the path one step shorter.
    paths = {lesson.path[: -Page.steplen] for lesson in lessons}
    programs = dict(Page.objects.filter(path__in=paths).values_list("path", "id"))
    return [(lesson, programs.get(lesson.path[: -Page.steplen]) in readable) for lesson in lessons]


class CaseStudyPage(Page):
    """An anonymised practice case for reading and group work; publishing is gated by review."""

    summary = models.TextField(_("概要"))
    background = models.TextField(_("背景・地域の特徴"), blank=True)
    before = models.TextField(_("取組み前の状況"), blank=True)
    actions = models.TextField(_("取組み"), blank=True)
    changes = models.TextField(_("変化・効果"), blank=True)
    challenges = models.TextField(_("課題と今後"), blank=True)
    questions = models.TextField(
        _("考察のための問い"), blank=True, help_text=_("グループワークで使う問い。1行に1つ。")
    )
    themes = ParentalManyToManyField(Theme, verbose_name=_("テーマ"), blank=True)
    support_steps = ParentalManyToManyField(
        SupportStep, verbose_name=_("支援プロセスのステップ"), blank=True
    )
    related_lessons = ParentalManyToManyField(
        "courses.LessonPage",
        verbose_name=_("関連する講義"),
        blank=True,
        related_name="case_studies",
    )

    content_panels = [
        *Page.content_panels,
        *[FieldPanel(name) for name, _heading in SECTIONS],
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("support_steps", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_lessons"),
            ],
            _("分類と関連"),
        ),
    ]
    search_fields = [*Page.search_fields, *[index.SearchField(name) for name, _h in SECTIONS]]
    parent_page_types = ["casestudies.CaseStudyIndexPage"]
    subpage_types: list[str] = []
    base_form_class = CaseStudyPageForm

    class Meta:
        verbose_name = _("事例")
        verbose_name_plural = _("事例")

    def question_list(self) -> list[str]:
        """The discussion questions as a list."""
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = [
            (name, heading, getattr(self, name))
            for name, heading in SECTIONS
            if name != "questions"
        ]
        # filter(), not live(): a preview's relations are modelcluster's FakeQuerySet.
        lessons = list(self.related_lessons.filter(live=True))
        context["related_lessons"] = _with_readability(lessons, request.user)
        return context

    def section_texts(self) -> dict[str, str]:
        """Every public text field by name, the title included."""
        return {"title": self.title, **{name: getattr(self, name) for name, _h in SECTIONS}}

    def clean(self) -> None:
        super().clean()
        # Publishing sets live and clears has_unpublished_changes before saving; every way a
        # page goes live (editor, scheduled publishing, code) passes through here.
        if self.live and not self.has_unpublished_changes and self.pk:
            from casestudies.gate import publish_blockers

            blockers = publish_blockers(self)
            if blockers:
                raise ValidationError(blockers)


class CaseSource(models.Model):
    """The original report and its alias table, stored apart from the page and shown to few."""

    page = models.OneToOneField(
        CaseStudyPage, on_delete=models.CASCADE, related_name="source", verbose_name=_("事例")
    )
    original = models.JSONField(_("元の文章（項目ごと）"), default=dict)
    filename = models.CharField(_("取り込んだファイル"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("取り込んだ人"),
    )
    created_at = models.DateTimeField(_("取り込み日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("元の記録")
        verbose_name_plural = _("元の記録")
        permissions = [("view_original", _("事例の元の記録と別名表を閲覧できる"))]

    def __str__(self) -> str:
        return f"{self.page_id}"


class Finding(models.Model):
    """Something the anonymiser (or an editor) found that identifies, and what was decided."""

    class Status(models.TextChoices):
        OPEN = "open", _("未確認")
        ACCEPTED = "accepted", _("別名を採用")
        EDITED = "edited", _("別名を修正")
        KEPT = "kept", _("そのまま残す")

    source = models.ForeignKey(
        CaseSource, on_delete=models.CASCADE, related_name="findings", verbose_name=_("元の記録")
    )
    kind = models.CharField(_("種類"), max_length=20)
    surface = models.CharField(_("元の表記"), max_length=200)
    alias = models.CharField(_("別名"), max_length=200, blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reason = models.TextField(_("残す理由"), blank=True)
    added_by_editor = models.BooleanField(_("編集者が追加"), default=False)
    occurrences = models.JSONField(_("出現位置"), default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("確認した人"),
    )
    decided_at = models.DateTimeField(_("確認日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("匿名化の指摘")
        verbose_name_plural = _("匿名化の指摘")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "surface"], name="one_finding_per_surface")
        ]

    def __str__(self) -> str:
        return f"{self.surface} → {self.alias}"


class OriginalAccessLog(models.Model):
    """Every look at an original or its alias table: who, which case, what, when."""

    source = models.ForeignKey(
        CaseSource, on_delete=models.CASCADE, related_name="access_log", verbose_name=_("元の記録")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("閲覧者"),
    )
    action = models.CharField(_("操作"), max_length=40)
    at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("元の記録の閲覧記録")
        verbose_name_plural = _("元の記録の閲覧記録")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
