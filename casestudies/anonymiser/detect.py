"""Run every detector over one text and settle overlaps into non-overlapping candidates."""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable

from . import patterns
from .lexicon import ORG_TAILS, PERSONAL_DATE_CUES
from .organisations import organisation_candidates
from .people import person_candidates, reading_candidates
from .places import place_candidate, place_candidates
from .scripts import squeeze
from .tagger import Tagger, Token, load_tagger
from .types import KINDS, LETTER_KINDS, PLACEHOLDERS, Candidate

EXTRA_PRIORITY = 100
# Repeated mentions only fill gaps: any detected span over them wins.
PROPAGATED_PRIORITY = 10
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_TAILS = tuple(sorted(ORG_TAILS, key=len, reverse=True))


def normalise_extra_terms(extra_terms: Iterable | None) -> list[tuple[str, str]]:
    """Check editor-supplied (term, kind) pairs; a bare string is taken as a person."""
    terms: list[tuple[str, str]] = []
    for item in extra_terms or ():
        term, kind = (item, "person") if isinstance(item, str) else tuple(item)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} for extra term {term!r}")
        if not isinstance(term, str) or not term.strip():
            raise ValueError("an extra term must be a non-empty string")
        terms.append((term.strip(), kind))
    # Longer terms first, so a term inside another one does not split it.
    return sorted(terms, key=lambda t: len(t[0]), reverse=True)


def _extra_candidate(term: str, kind: str, start: int, end: int) -> Candidate:
    if kind == "place":
        c = place_candidate(start, end, term)
        return Candidate("place", start, end, EXTRA_PRIORITY, c.key, c.suffix)
    if kind == "organisation":
        tail = next((t for t in _TAILS if term.endswith(t) and len(term) > len(t)), "")
        return Candidate(
            kind, start, end, EXTRA_PRIORITY, squeeze(term[: len(term) - len(tail)]), tail
        )
    if kind in LETTER_KINDS:
        return Candidate(kind, start, end, EXTRA_PRIORITY, squeeze(term))
    alias = PLACEHOLDERS[kind]
    folded = patterns.fold(term)
    if kind == "age":
        ages = patterns.age_candidates(folded)
        alias = ages[0].fixed_alias if ages else alias
    elif kind == "date":
        dates = patterns.date_spans(folded)
        alias = dates[0][2] if dates else alias
    return Candidate(kind, start, end, EXTRA_PRIORITY, fixed_alias=alias)


def _extra_candidates(text: str, terms: list[tuple[str, str]]) -> list[Candidate]:
    found = []
    for term, kind in terms:
        position = text.find(term)
        while position != -1:
            found.append(_extra_candidate(term, kind, position, position + len(term)))
            position = text.find(term, position + len(term))
    return found


def _date_candidates(text: str, folded: str, people: list[Candidate]) -> list[Candidate]:
    """Dates precise to the month or day that sit in a sentence about one person."""
    spans = patterns.date_spans(folded)
    if not spans:
        return []
    # Sentence ends computed once: a report can hold hundreds of dates.
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    person_starts = sorted(p.start for p in people)
    found = []
    for start, end, keep in spans:
        k = bisect.bisect_right(ends, start)
        left = ends[k - 1] if k else 0
        right_index = bisect.bisect_left(ends, end + 1)
        right = ends[right_index] - 1 if right_index < len(ends) else len(text)
        sentence = text[left:right]
        first_person = bisect.bisect_left(person_starts, left)
        # 昭和五十年一月八日生: a date followed by 生 is a birth date.
        personal = (
            text.startswith("生", end)
            or any(cue in sentence for cue in PERSONAL_DATE_CUES)
            or (first_person < len(person_starts) and person_starts[first_person] < right)
        )
        if personal:
            found.append(Candidate("date", start, end, patterns.PRIORITY["date"], fixed_alias=keep))
    return found


def _block_numbers(folded: str, places: list[Candidate]) -> list[Candidate]:
    """Block numbers written 3-5-12 straight after a town name."""
    found = []
    for place in places:
        m = patterns.BLOCK_NUMBER.match(folded, place.end)
        if m:
            found.append(
                Candidate(
                    "address",
                    m.start() + len(m.group()) - len(m.group().lstrip()),
                    m.end(),
                    patterns.PRIORITY["address"],
                    fixed_alias=PLACEHOLDERS["address"],
                )
            )
    return found


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the strongest candidates that do not overlap, in text order."""
    extras = [c for c in candidates if c.priority >= EXTRA_PRIORITY]
    others = [c for c in candidates if c.priority < EXTRA_PRIORITY]
    # An editor's term inside a longer detected name is already masked by that name;
    # keeping the term alone would leave the rest of the name readable.
    extras = [
        e
        for e in extras
        if not any(o.start <= e.start and e.end <= o.end and o.length > e.length for o in others)
    ]
    ordered = sorted(extras + others, key=lambda c: (-c.priority, -c.length, c.start))
    if not ordered:
        return []
    taken = bytearray(max(c.end for c in ordered))
    chosen = []
    for c in ordered:
        if c.length <= 0 or taken.find(1, c.start, c.end) != -1:
            continue
        taken[c.start : c.end] = b"\x01" * c.length
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def detect(
    text: str,
    extra_terms: list[tuple[str, str]] | None = None,
    tagger: Tagger | None = None,
    tokens: list[Token] | None = None,
    entities: list[Candidate] | None = None,
    name_rules: bool = True,
) -> list[Candidate]:
    """Return the non-overlapping identifying spans of text, each with its alias recipe.

    entities: candidates from another detector (GiNZA, ner.py). name_rules=False leaves
    people, places and organisations to those alone, to measure that detector by itself.
    """
    if not text:
        return []
    tagger = tagger or load_tagger()
    folded = patterns.fold(text)
    if tokens is None:
        tokens = tagger.tokenize(text, readings=False)
    if name_rules:
        people = person_candidates(text, tokens, tagger)
        places = place_candidates(text, tokens)
        organisations = organisation_candidates(text, tokens)
    else:
        people, places, organisations = [], [], []
    entities = entities or []
    # GiNZA's people anchor readings and dates like the rules' people do.
    people += [c for c in entities if c.kind == "person"]
    places += [c for c in entities if c.kind == "place"]
    organisations += [c for c in entities if c.kind == "organisation"]
    found = patterns.contact_candidates(text, folded)
    found += patterns.address_candidates(folded)
    found += patterns.age_candidates(folded)
    found += patterns.parenthesised_age_candidates(folded, [p.end for p in people])
    found += people + places + organisations
    found += reading_candidates(text, people + places + organisations, tagger)
    found += _block_numbers(folded, places)
    found += _date_candidates(text, folded, people)
    found += [c for c in entities if c.kind not in LETTER_KINDS]
    found += _extra_candidates(text, extra_terms or [])
    return resolve(found)


def propagate(
    text: str, tokens: list[Token], chosen: list[Candidate], known: dict[str, Candidate]
) -> list[Candidate]:
    """Mask every other mention of a name found elsewhere in the case.

    A name is often recognisable once (「こだま」 after a type word) and then repeated
    where no rule fires (センターこだまと). Mentions must start and end on token
    boundaries, so a short name inside a longer word is left alone.
    """
    if not known or not text:
        return chosen
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    extra = []
    for surface, source in known.items():
        position = text.find(surface)
        while position != -1:
            end = position + len(surface)
            if position in starts and end in ends:
                extra.append(
                    dataclasses.replace(
                        source, start=position, end=end, priority=PROPAGATED_PRIORITY
                    )
                )
            position = text.find(surface, end)
    return resolve(chosen + extra) if extra else chosen


def propagatable(text: str, chosen: list[Candidate]) -> dict[str, Candidate]:
    """Names worth looking for elsewhere: persons, places, organisations of 2+ characters."""
    return {
        text[c.start : c.end]: c
        for c in chosen
        if c.kind in LETTER_KINDS and c.fixed_alias is None and c.length >= 2
    }
