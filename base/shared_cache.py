"""What every reader shares (the page behind a URL, a program's contents, the navigation), kept per process.

Readers of one program are shown the same page for a URL, the same table of
contents and, for one set of roles, the same navigation; looking them up was half
of a first lesson visit's queries and time (bench.pages). They are kept in this
process under the content token, the one the reader page cache
(courses/page_cache.py) puts in its keys, so whatever draws readers' pages again
drops these too, in every process: courses/signals.py moves the token when a page
is saved, published, moved or restricted, or a site, cohort or editor permission
changes. What differs per reader (roles, enrollment, progress, answers) is never
kept here.
"""

import uuid
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

CONTENT_KEY = "reader-pages:content"
# Enough for every page, program and role set of a site; a flood of odd URLs can't grow it further.
MAX_ENTRIES = 5000

T = TypeVar("T")
# (content token, its entries): replaced whole, so a thread never mixes two tokens' entries.
_generation: tuple[str, dict] = ("", {})


def _move_token() -> None:
    """Give the content a new token, matching nothing any process keeps."""
    # A random token rather than a counter: a token lost from the cache is replaced by
    # one that matches nothing kept, so old entries can never come back.
    cache.set(CONTENT_KEY, uuid.uuid4().hex, None)


def content_changed() -> None:
    """Content readers share changed: every process reads it, and every reader's page, again."""
    _move_token()
    # Again once committed: a reader between the signal and the commit reads the old
    # rows, and would keep them under the token moved above.
    transaction.on_commit(_move_token)


def tokens(keys: list[str]) -> dict[str, str]:
    """The random tokens under `keys`, read in one round trip; a missing one is made first.

    A random token rather than a counter: a token lost from the cache is replaced by
    one that matches nothing kept, so old entries can never come back.
    """
    found = cache.get_many(keys)
    if len(found) < len(keys):
        for key in keys:
            if key not in found:
                cache.add(key, uuid.uuid4().hex, None)
        found = cache.get_many(keys)
    return {key: found.get(key, "") for key in keys}


def content_version(request=None) -> str:
    """The current content token, read once per request."""
    version = getattr(request, "_content_version", None)
    if version is None:
        version = tokens([CONTENT_KEY])[CONTENT_KEY]
        remember_version(request, version)
    return version


def remember_version(request, version: str) -> None:
    """Keep a content token already read for this request (the page cache reads it with the reader's)."""
    if request is not None:
        request._content_version = version


_MISSING = object()  # a kept value may itself be None


def shared(request, key: Hashable, build: Callable[[], T]) -> T:
    """The value kept under `key` for the current content, built once per process and token.

    The value is handed to every request as it is: build immutable things, or bytes
    each request unpickles into objects of its own.
    """
    global _generation
    version = content_version(request)
    token, entries = _generation
    if token != version:
        entries = {}
        _generation = (version, entries)
    value = entries.get(key, _MISSING)
    if value is not _MISSING:
        return value
    value = build()
    if len(entries) >= MAX_ENTRIES:
        entries.clear()
    entries[key] = value
    return value
