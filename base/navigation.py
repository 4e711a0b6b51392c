"""The main navigation, built from the items each app registers for the roles it serves."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from wagtail.models import Page

from accounts.permissions import can_open_cms, roles_of
from base.site_cache import site_version_bump


@dataclass(frozen=True)
class NavItem:
    """One link in the main navigation, shown to people holding any of `roles`.

    It names a URL, or a page type (`"courses.ProgramIndexPage"`) whose first live
    page it links to, so an editor's slug is followed and an unpublished section
    disappears from the menu.
    """

    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100
    page_type: str = ""


#: Special role names beyond accounts.Role: anyone (signed in or not), any signed-in
#: person, and CMS editors.
ANYONE = "anyone"
SIGNED_IN = "signed_in"
EDITOR = "editor"

_registry: list[NavItem] = []


def register(
    label,
    url_name: str = "",
    roles: set[str] | frozenset[str] = frozenset(),
    order: int = 100,
    *,
    page_type: str = "",
) -> None:
    """Add a navigation item (a URL name or a page type); apps call this from AppConfig.ready()."""
    if bool(url_name) == bool(page_type):
        raise ValueError("a navigation item names either a URL or a page type")
    item = NavItem(
        label=label, url_name=url_name, roles=frozenset(roles), order=order, page_type=page_type
    )
    if item not in _registry:
        _registry.append(item)


def _page_types() -> dict[int, str]:
    """Content type id -> the registered page type it is."""
    types = {}
    for item in _registry:
        if item.page_type:
            model = apps.get_model(item.page_type)
            types[ContentType.objects.get_for_model(model).pk] = item.page_type
    return types


def _lookup_page_urls() -> dict[str, str]:
    """The URL of the first live page of each registered page type, in one query."""
    types = _page_types()
    urls: dict[str, str] = {}
    pages = Page.objects.live().filter(content_type_id__in=types).order_by("path")
    for page in pages:
        page_type = types[page.content_type_id]
        if page_type not in urls and (url := page.get_url()):
            urls[page_type] = url
    return urls


def page_urls(request) -> dict[str, str]:
    """Registered page type -> its URL, looked up once per process and cached Site.

    The cached Site (base/site_cache.py) is dropped in every process when a section
    page changes (the receiver below), so the links are kept with it rather than
    costing a query on every page.
    """
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        return _lookup_page_urls()
    urls = getattr(site, "_navigation_page_urls", None)
    if urls is None:
        urls = site._navigation_page_urls = _lookup_page_urls()
    return urls


def page_url(request, page_type: str) -> str | None:
    """The URL of the live page of `page_type` ("courses.ProgramIndexPage"), or None."""
    return page_urls(request).get(page_type)


def items_for(user, request=None) -> list[dict]:
    """The navigation links a person sees, in order, as label and URL."""
    held = {ANYONE}
    if getattr(user, "is_authenticated", False):
        held |= set(roles_of(user)) | {SIGNED_IN}
        if can_open_cms(user):
            held.add(EDITOR)
    links = []
    urls = None
    for item in sorted(_registry, key=lambda i: i.order):
        if not item.roles & held:
            continue
        if item.page_type:
            urls = page_urls(request) if urls is None else urls
            url = urls.get(item.page_type)
            if url is None:
                continue
        else:
            url = reverse(item.url_name)
        links.append({"label": item.label, "url": url, "url_name": item.url_name})
    return links


def _forget_section_urls(sender, instance, **kwargs) -> None:
    """A section page was saved, published, moved or deleted: every process looks again."""
    if isinstance(instance, Page) and instance.content_type_id in _page_types():
        site_version_bump()


post_save.connect(_forget_section_urls, dispatch_uid="navigation-section-urls-save")
post_delete.connect(_forget_section_urls, dispatch_uid="navigation-section-urls-delete")
