"""The site's home page, and the routing every page below it shares."""

import pickle

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from base import shared_cache
from base.blocks import BaseStreamBlock


class SharedRestrictionsMixin:
    """A page type whose view restrictions come with it from the shared route (HomePage.route).

    Wagtail checks a served page's restrictions with two queries (its ancestors, then
    their restrictions); the route looks them up once per content token instead. A page
    loaded any other way (the CMS, a preview) asks the database as Wagtail does.
    """

    def get_view_restrictions(self):
        """The restrictions kept with the routed page, else Wagtail's query."""
        kept = self.__dict__.get("_shared_view_restrictions")
        return super().get_view_restrictions() if kept is None else kept


def _route_entry(url_path: str) -> bytes | None:
    """The page at `url_path` pickled with its view restrictions; None for Wagtail's own walk."""
    page = Page.objects.filter(url_path=url_path).specific().first()
    if page is None or type(page).route is not Page.route:
        return None
    if isinstance(page, SharedRestrictionsMixin):
        page._shared_view_restrictions = list(page.get_view_restrictions())
    # Pickled: each request unpickles a page of its own, which it may change freely.
    return pickle.dumps(page)


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
        """Find a page below the home page by its url_path, once per process and content token.

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
        entry = shared_cache.shared(request, ("route", url_path), lambda: _route_entry(url_path))
        if entry is None:
            return super().route(request, path_components)
        page = pickle.loads(entry)  # noqa: S301 - bytes this process pickled itself
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
