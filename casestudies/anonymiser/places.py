"""Detection of place names below the national level."""

from __future__ import annotations

import re

from .lexicon import (
    NATIONAL_PLACES,
    NOT_PLACES,
    PLACE_SUFFIXES,
    PREFECTURE_STEMS,
    PREFECTURE_SUFFIX_ALIAS,
    PREFECTURES,
)
from .scripts import is_kanji
from .tagger import Token
from .types import Candidate

PRIORITY = 40
_PREFECTURE_RE = re.compile("|".join(sorted(PREFECTURES, key=len, reverse=True)))
_CHOME = re.compile(r"[\d〇一二三四五六七八九十]+丁目")
_MUNICIPAL = frozenset({"市", "区", "町", "村", "郡"})


def place_candidate(start: int, end: int, surface: str) -> Candidate:
    """Build a place candidate whose alias keeps the administrative suffix (B市, C町)."""
    if surface in PREFECTURES:
        stem = "北海道" if surface == "北海道" else surface[:-1]
        suffix = PREFECTURE_SUFFIX_ALIAS[surface[-1]]
    elif surface in PREFECTURE_STEMS or len(surface) < 2 or surface[-1] not in PLACE_SUFFIXES:
        stem, suffix = surface, ""
    else:
        stem = surface[:-1]
        suffix = PREFECTURE_SUFFIX_ALIAS.get(surface[-1], surface[-1])
    return Candidate("place", start, end, PRIORITY, stem, suffix)


def _is_place_word(surface: str) -> bool:
    return (
        surface not in NATIONAL_PLACES
        and surface not in NOT_PLACES
        and not _CHOME.fullmatch(surface)
        and not surface.isdigit()
    )


def place_candidates(text: str, tokens: list[Token]) -> list[Candidate]:
    """Find prefectures, municipalities, towns, districts and other 地名."""
    found: list[Candidate] = []
    n = len(tokens)
    for i, token in enumerate(tokens):
        # 地名,国 is a country (日本, ベトナム): the national level identifies nobody.
        # 町 + 村部: Sudachi cuts a generic area word (町村部) into a suffix and a 地名.
        in_generic = i > 0 and text[tokens[i - 1].start : token.end] in NOT_PLACES
        if (
            token.is_place
            and token.pos[3] != "国"
            and _is_place_word(token.surface)
            and not in_generic
        ):
            start, end, surface = token.start, token.end, token.surface
            # Sudachi sometimes joins a suffix token (大津 + 市); keep them as one place.
            if i + 1 < n and tokens[i + 1].surface in _MUNICIPAL and tokens[i + 1].start == end:
                end = tokens[i + 1].end
                surface = text[start:end]
            # Two bare place words in a row (伊勢 + 志摩) name one area.
            prev = found[-1] if found else None
            if prev and prev.end == start and not prev.suffix and i > 0 and tokens[i - 1].is_place:
                found.pop()
                start = prev.start
                surface = text[start:end]
            found.extend(_split_prefecture(start, end, surface))
        elif (
            token.surface in _MUNICIPAL
            and i > 0
            and _unknown_place_stem(tokens[i - 1])
            and tokens[i - 1].end == token.start
        ):
            # A municipality missing from the dictionary: an unknown word + 市/町/村.
            prev = tokens[i - 1]
            found.append(place_candidate(prev.start, token.end, text[prev.start : token.end]))
    for m in _PREFECTURE_RE.finditer(text):
        found.append(place_candidate(m.start(), m.end(), m.group()))
    return found


def _unknown_place_stem(token: Token) -> bool:
    return (
        (token.oov or (token.is_proper and not token.is_person))
        and is_kanji(token.surface)
        and _is_place_word(token.surface)
    )


def _split_prefecture(start: int, end: int, surface: str) -> list[Candidate]:
    """Split 滋賀県大津市 into 滋賀県 and 大津市 so each gets its own alias."""
    m = _PREFECTURE_RE.match(surface)
    if m and m.end() < len(surface):
        cut = start + m.end()
        return [
            place_candidate(start, cut, m.group()),
            place_candidate(cut, end, surface[m.end() :]),
        ]
    return [place_candidate(start, end, surface)]
