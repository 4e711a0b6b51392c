"""Assign one stable alias per entity across all fields of a case."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import count

from .patterns import fold
from .types import LETTER_KINDS, Candidate

# A capital letter standing alone (Aさん, B市) is an alias already present in the text.
_STANDALONE_LETTER = re.compile(r"(?<![A-Za-z])[A-Z](?![A-Za-z])")
_LEADING_LETTERS = re.compile(r"^[A-Z]+")


def letter_sequence() -> Iterator[str]:
    """Yield A, B, ..., Z, AA, AB, ...: the letters given to entities in order."""
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    for size in count(1):
        if size == 1:
            yield from letters
        else:
            for prefix in _prefixes(size - 1, letters):
                for letter in letters:
                    yield prefix + letter


def _prefixes(size: int, letters: list[str]) -> Iterator[str]:
    if size == 1:
        yield from letters
        return
    for head in _prefixes(size - 1, letters):
        for letter in letters:
            yield head + letter


def reserved_letters(texts: list[str], overrides: dict[str, str] | None) -> set[str]:
    """Letters already used as aliases in the texts or in the editor's overrides."""
    reserved = set()
    for text in texts:
        reserved.update(_STANDALONE_LETTER.findall(fold(text)))
    for alias in (overrides or {}).values():
        m = _LEADING_LETTERS.match(fold(alias))
        if m:
            reserved.add(m.group())
    return reserved


class AliasBook:
    """Gives each entity the next free letter and remembers it for the whole case.

    Letters are shared across kinds (persons, places and organisations draw from one
    sequence), as in POLICY.md's example: a prefecture, a person, then a city get A, B, C.
    """

    def __init__(self, reserved: set[str], overrides: dict[str, str] | None = None) -> None:
        self._letters = (x for x in letter_sequence() if x not in reserved)
        self._by_entity: dict[tuple[str, str], str] = {}
        self._overrides = dict(overrides or {})
        self._part_owner: dict[str, str | None] = {}

    def link_name_parts(self, candidates: list[Candidate]) -> None:
        """Remember which full name a family or given name belongs to, when only one does."""
        for c in candidates:
            if c.kind != "person":
                continue
            for part in c.name_parts:
                owner = self._part_owner.get(part, c.key)
                # Two full names sharing a part (two 森本): the bare part stays its own entity.
                self._part_owner[part] = c.key if owner == c.key else None

    def _entity(self, c: Candidate) -> tuple[str, str]:
        key = c.key
        if c.kind == "person" and not c.name_parts and self._part_owner.get(key):
            key = self._part_owner[key]
        # One surface is one entity whatever a rule took it for: a brand read as a person
        # in みのり地域ケア会議 keeps the letter of 相談支援センターみのり.
        return ("letter" if c.kind in LETTER_KINDS else c.kind), key

    def pin(self, c: Candidate, surface: str) -> None:
        """Give c's entity the letter of an override, so its other mentions share it.

        Called for every candidate before any letter is drawn: 森川さん before 森川由紀子
        (accepted as A) must be A too, not the next free letter.
        """
        alias = self._overrides.get(surface)
        if alias is None or c.fixed_alias is not None:
            return
        m = _LEADING_LETTERS.match(alias)
        if m and alias == m.group() + c.suffix:
            self._by_entity.setdefault(self._entity(c), m.group())

    def alias_for(self, c: Candidate, surface: str) -> str:
        """Return the alias that replaces surface, drawing a new letter for a new entity."""
        if surface in self._overrides:
            return self._overrides[surface]
        if c.fixed_alias is not None:
            return c.fixed_alias
        entity = self._entity(c)
        letter = self._by_entity.get(entity)
        if letter is None:
            letter = next(self._letters)
            self._by_entity[entity] = letter
        return letter + c.suffix
