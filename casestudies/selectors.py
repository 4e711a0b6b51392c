"""Reads about case studies that pages and the review screen share."""

from casestudies.anonymiser.unsure import REASONS, unsure_candidates
from casestudies.models import CaseSource, CaseStudyPage, Finding, Theme


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
