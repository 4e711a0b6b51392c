"""研修評価アンケート: the page in the CMS and what trainees leave on it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

__all__ = ["SurveyPage"]


class SurveyPage(Page):
    """研修委員会が振り返りで読む、研修の評価アンケート。"""

    intro = models.TextField(_("説明"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.ProgramPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("研修評価アンケート")
        verbose_name_plural = _("研修評価アンケート")
