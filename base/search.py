"""Site search that works for Japanese on SQLite and PostgreSQL alike.

Written here rather than using Wagtail's search backends: SQLite's FTS5
(unicode61 tokenizer) and PostgreSQL's text search both split words on spaces,
and Japanese has none, so "支援調整会議" inside a sentence is never a token.
Each live page's text is normalised (NFKC, lower case, katakana folded to
hiragana) into a SearchDocument, and every query term must occur as a substring.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise
from wagtail.models import Page

from base.models import SearchDocument

_KATAKANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}
MAX_QUERY_CHARS = 100
MAX_RESULTS = 50


def normalise(text: str) -> str:
    """Fold width, case and kana so 'ｱｾｽﾒﾝﾄ', 'アセスメント' and 'あせすめんと' match."""
    folded = unicodedata.normalize("NFKC", text or "").lower().translate(_KATAKANA)
    return " ".join(folded.split())


@dataclass(frozen=True)
class Searchable:
    """How one page type takes part in search.

    `public` and `restricted` give the page's text; `readable` returns the ids of
    pages (among those given) whose restricted text the user may read.
    """

    model: type[Page]
    #: the label shown above each hit, lazily translated so it follows the reader's language
    kind: str | Promise
    public: Callable[[Page], str]
    restricted: Callable[[Page], str] = lambda page: ""
    readable: Callable[[object, list[Page]], set[int]] = lambda user, pages: set()
    summary: Callable[[Page], str] = lambda page: page.search_description


_registry: dict[type[Page], Searchable] = {}


def register(searchable: Searchable) -> None:
    """Make a page type searchable; apps call this from AppConfig.ready()."""
    _registry[searchable.model] = searchable


def search_document_refresh(*, page: Page) -> None:
    """Index a page's current live text, or drop it when it is not live or not searchable."""
    page = page.specific
    searchable = _registry.get(type(page))
    if searchable is None or not page.live:
        SearchDocument.objects.filter(page_id=page.pk).delete()
        return
    fields = {
        "title": normalise(page.title),
        "public_text": normalise(searchable.public(page)),
        "restricted_text": normalise(searchable.restricted(page)),
    }
    document = SearchDocument.objects.filter(page_id=page.pk).first()
    if document is None:
        SearchDocument.objects.create(page_id=page.pk, **fields)
    elif any(getattr(document, name) != value for name, value in fields.items()):
        SearchDocument.objects.filter(pk=document.pk).update(**fields)


def search_document_drop(*, page_id: int) -> None:
    """Forget a page that left the site, without reading it again."""
    SearchDocument.objects.filter(page_id=page_id).delete()


def search_documents_rebuild() -> int:
    """Re-index every live page of every searchable type; returns how many were indexed."""
    count = 0
    for model in _registry:
        for page in model.objects.live():
            search_document_refresh(page=page)
            count += 1
    return count


@dataclass(frozen=True)
class SearchResult:
    """One hit: the page, what kind of thing it is, and a line to show under its title."""

    page: Page
    kind: str | Promise
    summary: str


def search(user, query: str) -> list[SearchResult]:
    """Pages whose text contains every term of the query, limited to what the user may open."""
    terms = normalise(query[:MAX_QUERY_CHARS]).split()
    if not terms:
        return []
    condition = Q()
    for term in terms:
        condition &= (
            Q(title__contains=term)
            | Q(public_text__contains=term)
            | Q(restricted_text__contains=term)
        )
    documents = list(
        SearchDocument.objects.filter(condition)
        .filter(page__live=True)
        .order_by("page__path")[:500]
    )
    pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in=[d.page_id for d in documents]).specific()
    }
    by_type: dict[type[Page], list[Page]] = {}
    for page in pages.values():
        by_type.setdefault(type(page), []).append(page)
    readable: set[int] = set()
    for model, group in by_type.items():
        if model in _registry:
            readable |= _registry[model].readable(user, group)

    hits = []
    for document in documents:
        page = pages.get(document.page_id)
        searchable = _registry.get(type(page)) if page is not None else None
        if searchable is None:
            continue
        visible = f"{document.title} {document.public_text}"
        if document.page_id in readable:
            visible += " " + document.restricted_text
        if all(term in visible for term in terms):
            title_hits = sum(term in document.title for term in terms)
            hits.append(
                (-title_hits, SearchResult(page, searchable.kind, searchable.summary(page)))
            )
    hits.sort(key=lambda item: item[0])
    return [result for _rank, result in hits[:MAX_RESULTS]]
