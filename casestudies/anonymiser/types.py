"""Value types shared by the anonymiser: what it found and what it returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# The kinds a finding can have; the Django side stores these strings.
KINDS = (
    "person",
    "organisation",
    "place",
    "address",
    "postal_code",
    "phone",
    "email",
    "url",
    "record_number",
    "date",
    "age",
)

# Kinds whose alias is a case letter (A, B, ...) rather than a fixed placeholder.
LETTER_KINDS = frozenset({"person", "organisation", "place"})

# Fixed placeholders for kinds that carry nothing worth keeping.
PLACEHOLDERS = {
    "address": "[住所]",
    "postal_code": "[郵便番号]",
    "phone": "[電話番号]",
    "email": "[メールアドレス]",
    "url": "[URL]",
    "record_number": "[記録番号]",
    "date": "[日付]",
    "age": "[年齢]",
}


@dataclass(frozen=True)
class Finding:
    """One identifying span found in the original text and the alias that replaced it."""

    field: str | None
    kind: str
    surface: str
    alias: str
    start: int
    end: int

    def to_dict(self) -> dict:
        """Return the finding as a plain dict for JSON or a model form."""
        return asdict(self)


@dataclass(frozen=True)
class AnonymisationResult:
    """The anonymised text of one field and the findings in it."""

    text: str
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Return the result as a plain dict for JSON."""
        return {"text": self.text, "findings": [f.to_dict() for f in self.findings]}


@dataclass(frozen=True)
class FieldsResult:
    """The anonymised fields of one case, every finding, and the surface-to-alias table."""

    fields: dict[str, str]
    findings: list[Finding]
    alias_table: dict[str, str]

    def to_dict(self) -> dict:
        """Return the result as a plain dict for JSON."""
        return {
            "fields": dict(self.fields),
            "findings": [f.to_dict() for f in self.findings],
            "alias_table": dict(self.alias_table),
        }


@dataclass(frozen=True)
class Candidate:
    """A span a detector proposes, before overlaps are settled and aliases assigned."""

    kind: str
    start: int
    end: int
    priority: int
    # Identity of the entity, so that every mention of it gets the same letter.
    key: str = ""
    # Text kept after the letter: the 市 of 大津市, the 相談室 of すずかけ相談室.
    suffix: str = ""
    # Alias that does not come from the letter sequence ([電話番号], 70代, 令和5年, "").
    fixed_alias: str | None = None
    # For a full personal name, its family and given parts, so that a later "森下さん" or
    # "千夏さん" reuses the letter of 森下千夏.
    name_parts: tuple[str, ...] = ()

    @property
    def length(self) -> int:
        """Number of characters the span covers."""
        return self.end - self.start
