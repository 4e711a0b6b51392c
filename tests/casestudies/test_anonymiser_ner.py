"""The GiNZA adapter: entity labels mapped to kinds, and the detector setting, without GiNZA.

The spans are plain objects shaped like spaCy's (label_, start_char, end_char); the worker
process is replaced by one that answers such spans, so every test runs where GiNZA is absent.
"""

from dataclasses import dataclass

import pytest

from casestudies.anonymiser import anonymise_text, ner
from casestudies.anonymiser.ginza_worker import MAX_PIECE_CHARS, _pieces


@dataclass
class Span:
    label_: str
    start_char: int
    end_char: int


def _span(text: str, surface: str, label: str) -> Span:
    start = text.index(surface)
    return Span(label, start, start + len(surface))


def test_people_places_and_organisations_map_to_the_anonymisers_kinds():
    text = "木ノ内さんは大津市のねむのき相談室と株式会社みなとに通う。"
    spans = [
        _span(text, "木ノ内", "Person"),
        _span(text, "大津市", "City"),
        _span(text, "ねむのき相談室", "Organization_Other"),
        _span(text, "みなと", "Company"),
    ]

    found = {text[c.start : c.end]: c for c in ner.entity_candidates(text, spans)}

    assert found["木ノ内"].kind == "person"
    assert (found["大津市"].kind, found["大津市"].suffix) == ("place", "市")
    assert found["ねむのき相談室"].kind == "organisation"
    assert (found["ねむのき相談室"].key, found["ねむのき相談室"].suffix) == ("ねむのき", "相談室")
    assert found["みなと"].kind == "organisation"
    assert all(c.priority == ner.PRIORITY for c in found.values())


def test_generic_words_countries_dates_and_aliases_are_left():
    text = "日本の相談支援センターで2024年にAさんと会った。"
    spans = [
        _span(text, "日本", "Country"),
        _span(text, "日本", "GPE_Other"),
        _span(text, "相談支援センター", "Corporation_Other"),
        _span(text, "2024年", "Date"),
        _span(text, "A", "Person"),
        Span("Person", 5, 5),
    ]

    assert ner.entity_candidates(text, spans) == []


def test_contact_entities_get_the_fixed_placeholders():
    text = "電話 0120-000-000 まで。"
    [phone] = ner.entity_candidates(text, [_span(text, "0120-000-000", "Phone_Number")])
    assert (phone.kind, phone.fixed_alias) == ("phone", "[電話番号]")


class FakeWorker:
    """Answers like the GiNZA worker: every listed surface is the given label."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels

    def spans(self, text: str) -> list[Span]:
        return [_span(text, s, label) for s, label in self.labels.items() if s in text]


@pytest.fixture
def ginza(monkeypatch):
    def install(labels: dict[str, str]) -> None:
        monkeypatch.setattr(ner, "_worker", FakeWorker(labels))

    return install


def test_the_setting_chooses_the_detector(ginza):
    # A name no rule takes (no honorific, not in the dictionary as a name) that GiNZA tags.
    text = "ゾルタンは毎朝、森川さんと公園を歩く。"
    ginza({"ゾルタン": "Person"})

    rules = anonymise_text(text, ner="rules").text
    alone = anonymise_text(text, ner="ginza").text
    both = anonymise_text(text, ner="ginza+rules").text

    assert "ゾルタン" in rules and "森川" not in rules
    assert "ゾルタン" not in alone and "森川" in alone  # GiNZA was told only one name
    assert "ゾルタン" not in both and "森川" not in both


def test_a_rule_wins_over_ginza_on_the_same_span(ginza):
    text = "森川由紀子さんが来た。"
    ginza({"森川由紀子さん": "Person"})
    result = anonymise_text(text, ner="ginza+rules")
    assert result.text.endswith("さんが来た。")
    assert [f.surface for f in result.findings if f.kind == "person"] == ["森川由紀子"]


def test_an_unknown_detector_is_refused():
    with pytest.raises(ValueError, match="unknown detector"):
        anonymise_text("本文", ner="spacy")


def test_ginza_without_an_interpreter_says_what_to_set(monkeypatch):
    monkeypatch.setattr(ner, "_worker", None)
    monkeypatch.delenv(ner.PYTHON_ENV, raising=False)
    with pytest.raises(RuntimeError, match=ner.PYTHON_ENV):
        anonymise_text("本文", ner="ginza")


def test_the_worker_cuts_long_texts_at_line_ends_and_keeps_offsets():
    line = "あ" * 3000 + "\n"
    text = line * 5 + "い" * (MAX_PIECE_CHARS + 10)
    pieces = list(_pieces(text))
    assert "".join(piece for _offset, piece in pieces) == text
    assert all(len(piece) <= MAX_PIECE_CHARS for _offset, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert pieces[0][1].endswith("\n")
