"""Reads about case studies that pages and the review screen share."""

from django.db.models import QuerySet
from wagtail.permission_policies.pages import PagePermissionPolicy

from casestudies.anonymiser.unsure import REASONS, unsure_candidates
from casestudies.models import CaseSource, CaseStudyPage, Finding, Theme
from casestudies.permissions import can_view_original

#: Characters of the original shown on each side of a term in an offer's snippet.
SNIPPET_CONTEXT = 20


def case_studies_for_index(index, theme_slug: str) -> dict:
    """Live case studies under the index, optionally only one theme's, with the theme list."""
    cases = CaseStudyPage.objects.child_of(index).live().order_by("path").prefetch_related("themes")
    themes = list(Theme.objects.filter(casestudypage__live=True).distinct().order_by("name"))
    current = next((theme for theme in themes if theme.slug == theme_slug), None)
    if current is not None:
        cases = cases.filter(themes=current)
    return {"cases": list(cases), "themes": themes, "current_theme": current}


def findings_of(source: CaseSource) -> list[Finding]:
    """A case's findings, open ones first."""
    order = {Finding.Status.OPEN: 0}
    return sorted(source.findings.all(), key=lambda f: (order.get(f.status, 1), f.pk))


def highlighted_original(source: CaseSource) -> list[dict]:
    """Each original field split into plain and found runs, for highlighting on the review screen."""
    by_field: dict[str, list[tuple[int, int, Finding]]] = {}
    for finding in source.findings.all():
        for spot in finding.occurrences:
            by_field.setdefault(spot["field"], []).append((spot["start"], spot["end"], finding))
    sections = []
    for name, text in source.original.items():
        runs, cursor = [], 0
        for start, end, finding in sorted(by_field.get(name, []), key=lambda s: s[0]):
            if start < cursor:
                continue
            runs.append({"text": text[cursor:start]})
            runs.append({"text": text[start:end], "finding": finding})
            cursor = end
        runs.append({"text": text[cursor:]})
        sections.append({"name": name, "runs": runs})
    return sections


def unsure_candidates_of(source: CaseSource) -> list[dict]:
    """Words of the original the detector left alone but was unsure of, each listed once."""
    masked = {f.surface for f in source.findings.all()}
    seen: dict[str, dict] = {}
    for name, text in source.original.items():
        for surface, reason in unsure_candidates(text, masked):
            seen.setdefault(surface, {"surface": surface, "reason": REASONS[reason], "field": name})
    return list(seen.values())


def spread_targets(*, origin: CaseSource, user) -> QuerySet[CaseSource]:
    """Cases a term found in origin may be spread to: the one rule of who may change which.

    Case studies are national content, not a prefecture's: the review screen's scope is
    the permission to see originals. Spreading also writes each case's draft, so a case
    counts only if it sits under the same case index, was never published, and the user
    may edit that page in Wagtail.
    """
    if not can_view_original(user):
        return CaseSource.objects.none()
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return (
        CaseSource.objects.filter(
            page__in=CaseStudyPage.objects.sibling_of(origin.page, inclusive=False),
            page__live=False,
            page__first_published_at__isnull=True,
        )
        .filter(page__pk__in=editable.values("pk"))
        .select_related("page")
        .order_by("page__path")
    )


def term_offers(*, origin: CaseSource, surface: str, user) -> list[dict]:
    """Other cases whose original holds surface and that do not mask it yet, with counts.

    Each offer: source, page_id, title (the anonymised draft title), count, and a snippet of the
    first occurrence (field label, text before, the surface, text after).
    """
    surface = surface.strip()
    if not surface:
        return []
    targets = (
        spread_targets(origin=origin, user=user)
        .exclude(findings__surface=surface)
        .prefetch_related("findings")
    )
    offers = []
    for source in targets:
        spots = _unmasked_spots(source, surface)
        if not spots:
            continue
        field, at = spots[0]
        text = source.original[field]
        offers.append(
            {
                "source": source,
                "page_id": source.page_id,
                "title": source.page.draft_title,
                "count": len(spots),
                "field": field,
                "before": text[max(0, at - SNIPPET_CONTEXT) : at],
                "surface": surface,
                "after": text[at + len(surface) : at + len(surface) + SNIPPET_CONTEXT],
            }
        )
    return offers


def _unmasked_spots(source: CaseSource, surface: str) -> list[tuple[str, int]]:
    """(field, offset) of each occurrence of surface that no finding of the case covers yet.

    A term inside a longer found name (a brand inside its facility's full name) is masked
    with that name already; offering it again would only add a finding that masks nothing.
    """
    covered: dict[str, list[tuple[int, int]]] = {}
    for finding in source.findings.all():
        for spot in finding.occurrences:
            covered.setdefault(spot["field"], []).append((spot["start"], spot["end"]))
    spots = []
    for name, text in source.original.items():
        text = text or ""
        at = text.find(surface)
        while at != -1:
            end = at + len(surface)
            if not any(start <= at and end <= stop for start, stop in covered.get(name, ())):
                spots.append((name, at))
            at = text.find(surface, end)
    return spots
