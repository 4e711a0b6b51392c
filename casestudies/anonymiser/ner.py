"""GiNZA as an optional detector: its entities mapped to the anonymiser's kinds.

The choice of detector is one setting (Django's ANONYMISER_NER, passed in as `ner`):

    "rules"        SudachiPy and the rules only (the default; docs/anonymisation.md
                   gives the figures that chose it)
    "ginza"        GiNZA's people, organisations and places, with the pattern rules for
                   contact data, addresses, ages and dates, which GiNZA does not mask
    "ginza+rules"  both

GiNZA runs in a worker process of its own environment (ginza_worker.py says why), so
the web process never loads spaCy. The mapping below is plain Python: it takes any
objects shaped like spaCy spans (label_, start_char, end_char) and is tested without
GiNZA installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from .lexicon import GENERIC_ORG_WORDS, KEEP_TERMS, NATIONAL_PLACES, ORG_TAILS
from .places import place_candidate
from .scripts import looks_like_letter_alias, squeeze
from .types import PLACEHOLDERS, Candidate

DETECTORS = ("rules", "ginza", "ginza+rules")
#: Below every rule's priority: where a rule and GiNZA disagree on a span, the rule's
#: alias recipe (suffixes, name parts) wins; GiNZA fills what the rules left.
PRIORITY = 20
#: Environment variable naming the interpreter of the GiNZA environment.
PYTHON_ENV = "ANONYMISER_GINZA_PYTHON"

#: GiNZA's labels (Sekine's extended named-entity hierarchy) that name someone.
GINZA_KINDS = {
    "Person": "person",
    "Province": "place",
    "City": "place",
    "County": "place",
    "GPE_Other": "place",
    "Domestic_Region": "place",
    "Location_Other": "place",
    "Organization_Other": "organisation",
    "Company": "organisation",
    "Company_Group": "organisation",
    "Corporation_Other": "organisation",
    "Public_Institution": "organisation",
    "School": "organisation",
    "Research_Institute": "organisation",
    "Political_Organization_Other": "organisation",
    "Show_Organization": "organisation",
    "Facility_Other": "organisation",
    "Worship_Place": "organisation",
    "Museum": "organisation",
    "Phone_Number": "phone",
    "Email": "email",
    "URL": "url",
    "Postal_Address": "address",
}
_TAILS = tuple(sorted(ORG_TAILS, key=len, reverse=True))


class SpanLike(Protocol):
    """What the mapping reads of a spaCy span: its label and character offsets."""

    label_: str
    start_char: int
    end_char: int


def entity_candidates(text: str, spans: Iterable[SpanLike]) -> list[Candidate]:
    """Candidates for the spans that identify someone; generic words and countries stay."""
    found = []
    for span in spans:
        kind = GINZA_KINDS.get(span.label_)
        start, end = span.start_char, span.end_char
        surface = text[start:end].strip()
        if kind is None or not surface or end <= start:
            continue
        if surface in KEEP_TERMS or looks_like_letter_alias(surface):
            continue
        if kind in PLACEHOLDERS:
            found.append(Candidate(kind, start, end, PRIORITY, fixed_alias=PLACEHOLDERS[kind]))
        elif kind == "place":
            if surface in NATIONAL_PLACES:
                continue
            c = place_candidate(start, end, surface)
            found.append(Candidate("place", start, end, PRIORITY, c.key, c.suffix))
        elif kind == "organisation":
            tail = next((t for t in _TAILS if surface.endswith(t)), "")
            name = surface[: len(surface) - len(tail)]
            # 相談支援センター alone is a kind of service, not a name: GiNZA tags it as one.
            if _generic(squeeze(name)):
                continue
            found.append(Candidate("organisation", start, end, PRIORITY, squeeze(name), tail))
        else:
            found.append(Candidate("person", start, end, PRIORITY, squeeze(surface)))
    return found


def _generic(name: str) -> bool:
    """True when name is empty or only generic words (相談 + 支援), so it names no one."""
    reachable = [True] + [False] * len(name)
    for end in range(1, len(name) + 1):
        reachable[end] = any(
            reachable[start] and name[start:end] in GENERIC_ORG_WORDS for start in range(end)
        )
    return reachable[-1]


class _Span:
    """One entity as the worker sends it, shaped like a spaCy span."""

    __slots__ = ("end_char", "label_", "start_char")

    def __init__(self, label: str, start: int, end: int) -> None:
        self.label_, self.start_char, self.end_char = label, start, end


class GinzaWorker:
    """A GiNZA process started once and asked one text at a time, safely across threads."""

    def __init__(self, python: str, model: str = "ja_ginza") -> None:
        script = Path(__file__).with_name("ginza_worker.py")
        self.process = subprocess.Popen(
            # -I: the script's folder holds types.py, which must not shadow the standard library.
            [python, "-I", str(script), model],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._lock = threading.Lock()
        ready = self.process.stdout.readline()
        if not ready or not json.loads(ready).get("ready"):
            raise RuntimeError("the GiNZA worker did not start; see its error output")

    def spans(self, text: str) -> list[_Span]:
        """GiNZA's entities in text."""
        with self._lock:
            self.process.stdin.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
            self.process.stdin.flush()
            answer = json.loads(self.process.stdout.readline())
        return [_Span(label, start, end) for label, start, end in answer["ents"]]

    def close(self) -> None:
        """End the worker."""
        self.process.stdin.close()
        self.process.wait(timeout=10)


_lock = threading.Lock()
_worker: GinzaWorker | None = None


def ginza_worker() -> GinzaWorker:
    """The process-wide worker, started on first use from the interpreter in PYTHON_ENV."""
    global _worker
    if _worker is None:
        with _lock:
            if _worker is None:
                python = os.environ.get(PYTHON_ENV)
                if not python:
                    raise RuntimeError(
                        f"ANONYMISER_NER asks for GiNZA but {PYTHON_ENV} names no interpreter"
                    )
                _worker = GinzaWorker(python)
    return _worker


def check_detector(ner: str) -> str:
    """ner itself when it is one of DETECTORS."""
    if ner not in DETECTORS:
        raise ValueError(f"unknown detector {ner!r}; expected one of {', '.join(DETECTORS)}")
    return ner
