"""A reader's lesson page, kept as rendered until the content or the reader's own state changes.

A lesson page is the same for one reader until a page is published, moved or
restricted, or the reader's enrollment, progress, roles or name change. Rendering
it took 11 queries and most of a request's time (bench.pages), so the rendered
page is kept in the shared cache under a key holding two version tokens: one for
all content, one per reader. Signals in courses/signals.py move the tokens.
Django's cache_page can't do this: it keys on URL and headers only, and would
hand one reader's page (name, progress, CSRF token) to another.
"""

import hashlib
import os
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from base import shared_cache

TIMEOUT = 60 * 60
# Paths a lesson view has marked cacheable in this process; others skip the lookup.
_cacheable_paths: set[str] = set()


# Besides the apps: settings and URLs, site templates, the stylesheet and scripts
# (their URLs are in every page), and the compiled translations.
_SITE_FOLDERS = ("config", "templates", "static", "locale")
_SKIPPED_SUFFIXES = {".pyc", ".po", ".pot"}  # bytecode and uncompiled catalogues change nothing


def code_folders() -> list[Path]:
    """Every folder whose files shape a page: each installed project app's, and the site's."""
    from django.apps import apps

    base = Path(settings.BASE_DIR).resolve()
    environment = Path(sys.prefix).resolve()
    folders = {base / name for name in _SITE_FOLDERS}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        # An app of the project's own, not one installed into the virtualenv in the tree.
        if path.is_relative_to(base) and not path.is_relative_to(environment):
            folders.add(base / path.relative_to(base).parts[0])
    return sorted(folder for folder in folders if folder.is_dir())


def _code_token() -> str:
    """Changes when templates, translations or code change, so a deploy never serves old pages."""
    digest = hashlib.sha256()
    for root in code_folders():
        for path in sorted(root.rglob("*")):
            if path.suffix in _SKIPPED_SUFFIXES or not path.is_file():
                continue
            stat = path.stat()
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:16]


CODE_TOKEN = os.environ.get("RELEASE") or _code_token()


def _reader_key(user_id: int) -> str:
    return f"reader-pages:user:{user_id}"


def content_changed() -> None:
    """Pages, restrictions, sites or cohorts changed: every reader's pages are drawn again."""
    shared_cache.content_changed()


def reader_changed(user_id: int) -> None:
    """One reader's enrollment, progress, roles or name changed: their pages are drawn again."""
    cache.set(_reader_key(user_id), uuid.uuid4().hex, None)


def _versions(user_id: int) -> tuple[str, str]:
    keys = [shared_cache.CONTENT_KEY, _reader_key(user_id)]
    found = shared_cache.tokens(keys)
    return found[keys[0]], found[keys[1]]


def page_key(request) -> str | None:
    """The cache key of this request's page, or None when it must be drawn afresh."""
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return None
    if request.path not in _cacheable_paths:
        return None
    user = request.user
    csrf_secret = request.META.get("CSRF_COOKIE")
    session_key = request.session.session_key
    if not user.is_authenticated or not csrf_secret or not session_key:
        return None
    if len(messages.get_messages(request)):
        return None  # a message is shown once; the page with it must not be replayed
    content, reader = _versions(user.pk)
    shared_cache.remember_version(request, content)
    # The session and CSRF secret are in the key: a new login, or a new CSRF secret,
    # never sees a page (and a CSRF token) drawn for the old one.
    private = hashlib.sha256(
        f"{session_key}:{csrf_secret}:{request.path}:{translation.get_language()}".encode()
    ).hexdigest()
    return f"reader-page:{CODE_TOKEN}:{user.pk}:{content}:{reader}:{private}"


def mark_cacheable(response) -> None:
    """The lesson view says: this page depends only on content and the reader's own state."""
    response.reader_cacheable = True


class ReaderPageCacheMiddleware:
    """Serve a reader's page from the cache when nothing it shows has changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_key(request)
        if key is not None:
            stored = cache.get(key)
            if stored is not None:
                headers, content = stored
                return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if not getattr(response, "reader_cacheable", False) or response.status_code != 200:
            return response
        if request.path not in _cacheable_paths:
            # Learnt now, kept from the next visit on: that visit reads the versions
            # before drawing the page, so a change made meanwhile can't hide under them.
            _cacheable_paths.add(request.path)
        elif key is not None and not len(messages.get_messages(request)):
            cache.set(key, (dict(response.items()), response.content), TIMEOUT)
        return response
