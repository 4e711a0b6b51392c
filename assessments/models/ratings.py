"""自己評価（研修前・研修後）: the page in the CMS and what trainees leave on it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

__all__ = ["SelfRatingPage"]


class SelfRatingPage(Page):
    """研修の前と後に、同じ項目を1〜5で自己評価します。"""

    intro = models.TextField(_("説明"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["courses.ProgramPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("自己評価（研修前・研修後）")
        verbose_name_plural = _("自己評価（研修前・研修後）")
