"""プラン作成演習: the page in the CMS and what trainees leave on it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

__all__ = ["PlanWorksheetPage"]


class PlanWorksheetPage(Page):
    """事例をもとにプラン兼事業等利用申込書を書く演習。ファシリテーターが確認します。"""

    intro = models.TextField(_("説明"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.ProgramPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("プラン作成演習")
        verbose_name_plural = _("プラン作成演習")
