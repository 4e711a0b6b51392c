"""Wagtail's site and root page, looked up once per process instead of on every request.

Every page view asked the database which Site serves the host and then fetched
its root page: two queries and the costliest Python of a lesson view (profiled
with bench.pages). Sites and the home page change a few times a year, so the pair
is kept per process and dropped when a version number in the shared cache moves;
any change to a Site or the home page moves it (base/signals.py), in every process.
"""

import uuid

from django.core.cache import cache
from wagtail.models import Site

from base import shared_cache

VERSION_KEY = "wagtail-site-version"
_sites: dict[tuple[str, int, str], Site | None] = {}


def site_version_bump() -> None:
    """A site or the home page changed: every process looks them up again."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _sites.clear()


def _version(request) -> str:
    """The site token, read with the content token in one round trip (every page needs both)."""
    found = shared_cache.tokens([VERSION_KEY, shared_cache.CONTENT_KEY])
    shared_cache.remember_version(request, found[shared_cache.CONTENT_KEY])
    return found[VERSION_KEY]


def cached_site_for_request(request) -> Site | None:
    """The Site serving this request, with its specific root page already loaded."""
    version = _version(request)
    key = (request._get_raw_host(), request.get_port(), version)
    if key not in _sites:
        site = Site._find_for_request(request)
        if site is not None:
            # Routing calls site.root_page.localized.specific; load it once here.
            site.root_page = site.root_page.specific
        if len(_sites) > 100:  # many Host headers must not grow this without end
            _sites.clear()
        _sites[key] = site
    return _sites[key]


class SiteCacheMiddleware:
    """Hand Wagtail the cached Site, so its own find_for_request skips the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = cached_site_for_request(request)
        return self.get_response(request)
