"""The site's home page."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from base.blocks import BaseStreamBlock


class HomePage(Page):
    """トップページ: what Tsunagu is for, and the way in for each role."""

    lead = models.TextField(_("リード文"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("本文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.ProgramIndexPage", "casestudies.CaseStudyIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("トップページ")
        verbose_name_plural = _("トップページ")

    def route(self, request, path_components):
        """Find a page below the home page by its url_path in one query.

        Wagtail's default walks the tree with one or two queries per level; a
        lesson sits four levels down and is the most visited page. Pages with
        their own routing fall back to Wagtail's walk.
        """
        if not path_components:
            # This instance may be the process-wide cached root (base/site_cache.py);
            # the page served gets a fresh one of its own.
            home = HomePage.objects.get(pk=self.pk)
            if not home.live:
                raise Http404
            return RouteResult(home)
        url_path = f"{self.url_path}{'/'.join(path_components)}/"
        page = Page.objects.filter(url_path=url_path).specific().first()
        if page is None or type(page).route is not Page.route:
            return super().route(request, path_components)
        if not page.live:
            raise Http404
        return RouteResult(page)


class SearchDocument(models.Model):
    """The normalised text of one live page, searched by substring so Japanese needs no word breaks."""

    page = models.OneToOneField(
        Page, on_delete=models.CASCADE, related_name="search_document", verbose_name=_("ページ")
    )
    title = models.TextField(_("タイトル"))
    public_text = models.TextField(_("誰でも読める本文"), blank=True)
    restricted_text = models.TextField(_("権限が必要な本文"), blank=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("検索用テキスト")
        verbose_name_plural = _("検索用テキスト")

    def __str__(self) -> str:
        return self.title
