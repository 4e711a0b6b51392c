"""The main navigation, built from the items each app registers for the roles it serves."""

from dataclasses import dataclass
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.safestring import SafeString
from wagtail.models import Page, Site

from accounts.permissions import can_open_cms, roles_of
from base import fragments, shared_cache


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
    """Registered page type -> its URL, looked up once per process and content token.

    Saving, publishing or moving a section page moves the token (base/shared_cache.py).
    """
    site = Site.find_for_request(request) if request is not None else None
    key = ("navigation-page-urls", site.pk if site else None)
    return shared_cache.shared(request, key, _lookup_page_urls)


def page_url(request, page_type: str) -> str | None:
    """The URL of the live page of `page_type` ("courses.ProgramIndexPage"), or None."""
    return page_urls(request).get(page_type)


@dataclass(frozen=True)
class NavLink:
    """One link of the main navigation as shown: label, URL and the URL name it came from."""

    label: str
    url: str
    url_name: str


def _held_roles(user) -> frozenset[str]:
    """The navigation roles a person holds: their memberships' roles and the special ones."""
    held = {ANYONE}
    if getattr(user, "is_authenticated", False):
        held |= set(roles_of(user)) | {SIGNED_IN}
        if can_open_cms(user):
            held.add(EDITOR)
    return frozenset(held)


def _links_for(held: frozenset[str], request) -> tuple[NavLink, ...]:
    """The links for one set of roles, in order; items whose page is not live are left out."""
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
        links.append(NavLink(label=item.label, url=url, url_name=item.url_name))
    return tuple(links)


def items_for(user, request=None) -> tuple[NavLink, ...]:
    """The navigation links a person sees, shared by everyone holding the same roles.

    Labels stay lazy, so one entry serves every language.
    """
    held = _held_roles(user)
    site = Site.find_for_request(request) if request is not None else None
    key = ("navigation", held, site.pk if site else None)
    return shared_cache.shared(request, key, lambda: _links_for(held, request))


NAV_TEMPLATE = "base/_site_nav.html"


def _nav_skeleton(links: tuple[NavLink, ...]) -> fragments.Slotted:
    """The navigation rendered once, split where the current page's `aria-current` goes."""

    def context(every):
        return {"nav_items": links, "request": SimpleNamespace(path=every)}

    return fragments.slotted(
        NAV_TEMPLATE, context, context, current=' aria-current="page"', count=len(links)
    )


def rendered(request, links: tuple[NavLink, ...]) -> SafeString:
    """The navigation as `base/_site_nav.html` renders it, with this page's link marked current."""
    key = ("navigation-html", links, translation.get_language())
    skeleton = shared_cache.shared(request, key, lambda: _nav_skeleton(links))
    path = getattr(request, "path", None)
    return skeleton.render([link.url == path for link in links], [False] * len(links))


# (URL name, script prefix, URLconf) -> URL; the URLconf does not change while a process runs.
_fixed_urls: dict[tuple, str] = {}


def fixed_url(name: str) -> str:
    """`reverse(name)` for a URL without arguments, worked out once per process and script prefix.

    The layout links six such URLs on every page; reversing them was a tenth of its rendering.
    """
    # ROOT_URLCONF too: a test may swap it, and reverse() then follows it.
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    url = _fixed_urls.get(key)
    if url is None:
        url = _fixed_urls[key] = reverse(name)
    return url
