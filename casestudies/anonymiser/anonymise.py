"""The public entry points: anonymise one text or all text fields of one case."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .aliases import AliasBook, reserved_letters
from .detect import detect, normalise_extra_terms, propagatable, propagate
from .ner import check_detector, entity_candidates, ginza_worker
from .tagger import load_tagger
from .types import AnonymisationResult, Candidate, FieldsResult, Finding


def anonymise_fields(
    fields: Mapping[str, str],
    extra_terms: Iterable | None = None,
    aliases: Mapping[str, str] | None = None,
    ner: str = "rules",
) -> FieldsResult:
    """Anonymise every text field of one case with one alias per entity across fields.

    extra_terms: (term, kind) pairs an editor adds; each is replaced in every field.
    aliases: surface -> alias overrides from review, so a re-run gives the same text.
    ner: which detector finds names, one of ner.DETECTORS ("rules" unless a setting says).
    """
    if not isinstance(fields, Mapping):
        raise TypeError("fields must be a mapping of field name to text")
    for name, text in fields.items():
        if not isinstance(text, str):
            raise TypeError(f"field {name!r} must be str, not {type(text).__name__}")
    terms = normalise_extra_terms(extra_terms)
    overrides = dict(aliases or {})
    tagger = load_tagger()
    tokens = {name: tagger.tokenize(text, readings=False) for name, text in fields.items()}
    entities = _entities(fields, check_detector(ner))
    detected = {
        name: detect(text, terms, tagger, tokens[name], entities.get(name), ner != "ginza")
        for name, text in fields.items()
    }
    known: dict[str, Candidate] = {}
    for name, text in fields.items():
        for surface, candidate in propagatable(text, detected[name]).items():
            known.setdefault(surface, candidate)
    detected = {
        name: propagate(text, tokens[name], detected[name], known) for name, text in fields.items()
    }

    book = AliasBook(reserved_letters(list(fields.values()), overrides), overrides)
    book.link_name_parts([c for found in detected.values() for c in found])
    for name, text in fields.items():
        for c in detected[name]:
            book.pin(c, text[c.start : c.end])
    out_fields: dict[str, str] = {}
    findings: list[Finding] = []
    alias_table: dict[str, str] = {}
    for name, text in fields.items():
        pieces = []
        position = 0
        for c in detected[name]:
            surface = text[c.start : c.end]
            alias = book.alias_for(c, surface)
            pieces.append(text[position : c.start])
            pieces.append(alias)
            position = c.end
            findings.append(Finding(name, c.kind, surface, alias, c.start, c.end))
            alias_table.setdefault(surface, alias)
        pieces.append(text[position:])
        out_fields[name] = "".join(pieces)
    return FieldsResult(out_fields, findings, alias_table)


def _entities(fields: Mapping[str, str], ner: str) -> dict[str, list[Candidate]]:
    """GiNZA's candidates per field when the detector asks for them, else none."""
    if ner == "rules":
        return {}
    worker = ginza_worker()
    return {
        name: entity_candidates(text, worker.spans(text)) for name, text in fields.items() if text
    }


def anonymise_text(
    text: str,
    extra_terms: Iterable | None = None,
    aliases: Mapping[str, str] | None = None,
    ner: str = "rules",
) -> AnonymisationResult:
    """Anonymise one text; findings carry field None and offsets into text."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    result = anonymise_fields({"": text}, extra_terms, aliases, ner)
    findings = [Finding(None, f.kind, f.surface, f.alias, f.start, f.end) for f in result.findings]
    return AnonymisationResult(result.fields[""], findings)
