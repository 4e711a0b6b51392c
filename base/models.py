"""The site's home page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from base.blocks import BaseStreamBlock


class HomePage(Page):
    """トップページ: what Tsunagu is for, and the way in for each role."""

    lead = models.TextField(_("リード文"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("本文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("トップページ")
        verbose_name_plural = _("トップページ")
