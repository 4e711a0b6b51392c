"""小テスト: the page in the CMS and what trainees leave on it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

__all__ = ["QuizPage"]


class QuizPage(Page):
    """理解度を確かめる小テスト。問いごとに配点と解説があり、採点はサーバーで行います。"""

    intro = models.TextField(_("説明"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.ProgramPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("小テスト")
        verbose_name_plural = _("小テスト")
