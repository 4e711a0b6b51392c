"""The matrix's machinery: walk every URL pattern, fill it, call it, and look for 高知県 in the answer."""

import io
import json
from dataclasses import dataclass
from urllib.parse import quote, urlparse

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from . import matrix_factories as factories
from .world import MARKERS, World


@dataclass(frozen=True)
class Entry:
    """One registered URL pattern."""

    key: str  # the URL name, or the route of an unnamed pattern
    name: str | None
    route: str
    kwargs: frozenset[str]
    positional: bool  # a regex with unnamed groups, reversed with args


def _kwargs_of(pattern) -> tuple[set[str], bool]:
    regex_groups = getattr(pattern, "regex", None)
    converters = getattr(pattern, "converters", {})
    names = set(converters) or set(regex_groups.groupindex if regex_groups else ())
    positional = bool(regex_groups) and regex_groups.groups > len(regex_groups.groupindex)
    return names, positional


def _walk(resolver, prefix: str = "", namespace: str | None = None, kwargs=frozenset(), pos=False):
    for item in resolver.url_patterns:
        names, positional = _kwargs_of(item.pattern)
        route = prefix + str(item.pattern)
        if isinstance(item, URLResolver):
            inner = namespace
            if item.namespace:
                inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
            yield from _walk(item, route, inner, kwargs | names, pos or positional)
        elif isinstance(item, URLPattern):
            name = f"{namespace}:{item.name}" if namespace and item.name else item.name
            yield name, route, frozenset(kwargs | names), pos or positional


def url_entries() -> list[Entry]:
    """Every URL pattern the project registers, the Wagtail admin's viewsets included."""
    rows = list(_walk(get_resolver()))
    counts: dict[str | None, int] = {}
    for name, *_rest in rows:
        counts[name] = counts.get(name, 0) + 1
    entries = []
    for name, route, kwargs, positional in rows:
        if name is None:
            key = route
        elif counts[name] > 1:
            key = f"{name}[{','.join(sorted(kwargs))}]"
        else:
            key = name
        entries.append(Entry(key, name, route, kwargs, positional))
    return entries


def namespace_of(name: str) -> str | None:
    return name.rsplit(":", 1)[0] if ":" in name else None


def declaration_gap(entry: Entry) -> str | None:
    """Why the matrix cannot fill `entry`, or None when it is declared."""
    if entry.name is None:
        return None if entry.route in factories.UNNAMED else "unnamed route not in UNNAMED"
    own = factories.URLS.get(entry.name)
    namespace = namespace_of(entry.name)
    if own is None and namespace not in factories.KWARGS:
        return "no declaration for this URL name or its namespace"
    if isinstance(own, factories.Args):
        return None
    if entry.positional:
        return "positional regex groups need an Args declaration"
    fillers = {**factories.KWARGS.get(namespace, {}), **(own or {})}
    missing = sorted(entry.kwargs - set(fillers))
    return f"no filler for kwargs {missing}" if missing else None


@dataclass(frozen=True)
class Target:
    """A URL built from the world, and whether it names 高知県's objects."""

    path: str
    kochi: bool


def target(entry: Entry, world: World) -> Target:
    """Build the path of `entry` with the declared fillers."""
    if entry.name is None:
        return Target(factories.UNNAMED[entry.route](world), False)
    own = factories.URLS.get(entry.name)
    if isinstance(own, factories.Args):
        return Target(reverse(entry.name, args=own.fill(world)), own.kochi)
    fillers = {**factories.KWARGS.get(namespace_of(entry.name), {}), **(own or {})}
    used = {name: fillers[name] for name in entry.kwargs}
    kwargs = {name: filler.fill(world) for name, filler in used.items()}
    return Target(reverse(entry.name, kwargs=kwargs), any(f.kochi for f in used.values()))


# Finding 高知県 in an answer ----------------------------------------------------


def _needles() -> list[tuple[str, str, bytes]]:
    """Each marker as bytes in every form an answer could carry it."""
    needles = []
    for marker in MARKERS:
        for encoding in ("utf-8", "cp932", "utf-16-le", "utf-16-be"):
            needles.append((marker, f"{marker} ({encoding})", marker.encode(encoding)))
        needles.append((marker, f"{marker} (JSON escape)", json.dumps(marker)[1:-1].encode()))
        needles.append((marker, f"{marker} (URL-encoded)", quote(marker).encode()))
        needles.append((marker, f"{marker} (URL-encoded, lower)", quote(marker).lower().encode()))
        entities = "".join(f"&#{ord(c)};" for c in marker)
        needles.append((marker, f"{marker} (HTML entities)", entities.encode()))
    seen: set[bytes] = set()
    return [row for row in needles if not (row[2] in seen or seen.add(row[2]))]


NEEDLES = _needles()


def _pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(body))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:  # a PDF the reader cannot open is reported, not hidden
        return f"<unreadable PDF: {exc!r}>"


def leaks(response, typed: str = "") -> list[str]:
    """Which markers of 高知県 appear in the body, headers or queued messages of `response`.

    Markers in `typed` (what the request itself sent) are not counted: a form may
    show back what was typed into it.
    """
    body = b"".join(response.streaming_content) if response.streaming else response.content
    places = {"body": body}
    places["headers"] = "\n".join(f"{k}: {v}" for k, v in response.headers.items()).encode()
    request = getattr(response, "wsgi_request", None)
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
    places["messages"] = "\n".join(str(message) for message in queued).encode()
    if response.headers.get("Content-Type", "").startswith("application/pdf") or body[:5] == (
        b"%PDF-"
    ):
        places["PDF text"] = _pdf_text(body).encode()
    found = []
    for place, data in places.items():
        for marker, label, needle in NEEDLES:
            if needle in data and marker not in typed:
                found.append(f"{label} in {place}")
    return found


def refusal_paths() -> set[str]:
    """Where a refused request may be sent: a sign-in, or the CMS's "no permission" home."""
    return {reverse("account_login"), reverse("wagtailadmin_login"), reverse("wagtailadmin_home")}


def is_refusal(response) -> bool:
    """403, 404, 405, or a redirect to a sign-in page or the CMS home with its error message."""
    if response.status_code in (403, 404, 405):
        return True
    if response.status_code in (301, 302, 303, 307, 308):
        return urlparse(response.headers.get("Location", "")).path in refusal_paths()
    return False


def describe(response) -> str:
    location = response.headers.get("Location")
    return f"{response.status_code}" + (f" → {location}" if location else "")
