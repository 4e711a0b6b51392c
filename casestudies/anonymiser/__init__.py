"""Case-study anonymiser: masks people, organisations, places and contact data in Japanese text.

Pure Python (SudachiPy with sudachidict-core, plus rules); no Django import anywhere, so the
`casestudies` app and its management command wrap it. Policy: shared/anonymisation/POLICY.md.

    anonymise_text(text, extra_terms=None, aliases=None, ner="rules")
        -> AnonymisationResult(text, findings)
    anonymise_fields(fields, extra_terms=None, aliases=None, ner="rules")
        -> FieldsResult(fields, findings, alias_table)

ner chooses the name detector: "rules", "ginza" or "ginza+rules" (ner.py; GiNZA runs in
a worker process of its own environment).

Aliases
- One letter sequence per case (A, B, ..., Z, AA, ...) shared by persons, places and
  organisations, in order of first mention across the fields, as in the policy's example.
  Letters already standing alone in the text (利用者のAさん) or used by editor overrides are
  skipped.
- Persons: the letter; a following さん/氏/様/役職 stays in the text (Aさん, B課長). A later
  family or given name alone (森下さん, 千夏さん) reuses the full name's letter when only one
  full name in the case has that part. Readings in brackets (ふりがな) are removed (alias "").
- Places: letter plus the administrative suffix (B市, C町, D区, E郡); 都/道/府 become 県,
  since 東京都 or 北海道 would be recognisable from the suffix. 静岡 and 静岡県 share a letter.
  Countries (地名,国) are the national level and stay.
- Organisations: letter plus the generic type word, which stays readable (A会, Bクリニック,
  C相談室); a legal form before the name stays too (社会福祉法人A会). A place followed only
  by generic words (X県地域生活定着支援センター) is masked as a place: A県地域生活定着支援センター.
- Fixed placeholders: [住所] [郵便番号] [電話番号] [メールアドレス] [URL] [記録番号]; ages
  become a band (72歳 -> 70代); dates precise to the month or day in a sentence about a
  person keep only the year (令和4年9月3日 -> 令和4年) or become [日付].
- extra_terms: (term, kind) pairs (a bare string means a person), masked in every field.
- aliases: surface -> alias overrides, applied to exactly that surface.
"""

from .anonymise import anonymise_fields, anonymise_text
from .tagger import load_tagger
from .types import KINDS, AnonymisationResult, FieldsResult, Finding

__all__ = [
    "KINDS",
    "AnonymisationResult",
    "FieldsResult",
    "Finding",
    "anonymise_fields",
    "anonymise_text",
    "load_tagger",
]
