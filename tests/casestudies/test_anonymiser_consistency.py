"""Property and case-wide tests: a name is masked whole or not at all, with one alias per entity.

Every name here is invented for the tests; the labelled sets in ../shared are only read to
prove that none of their names made it into the anonymiser or its tests.
"""

import json
import pathlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casestudies.anonymiser import anonymise_fields, anonymise_text
from casestudies.anonymiser.lexicon import PREFECTURE_STEMS, PREFECTURES

ROOT = pathlib.Path(__file__).resolve().parents[2]
LABELLED_SETS = ROOT.parent / "shared" / "anonymisation"

# (surname, given name, reading of the whole name), all invented.
NAMES = [
    ("芹沢", "晴香", "せりざわ はるか"),
    ("二階堂", "健吾", "にかいどう けんご"),
    ("島津", "健太", "しまづ けんた"),
    ("五十嵐", "沙織", "いがらし さおり"),
    ("水嶋", "亮介", "みずしま りょうすけ"),
    ("鳴海", "真央", "なるみ まお"),
    ("柏木", "智也", "かしわぎ ともや"),
    ("久我", "千尋", "くが ちひろ"),
]
# Sentences with a slot for the name; none of them holds a name's character on its own.
CONTEXTS = [
    "相談者：{}、無職。",
    "相談員の{}さんが自宅を訪ねた。",
    "報告者は{}で、翌週に再訪した。",
    "{}氏から連絡があった。",
    "主任相談支援員の{}は不在だった。",
    "初回面談には{}が同席した。",
]


@st.composite
def written_names(draw):
    """One invented name as an editor might write it: spaced or not, with or without reading."""
    family, given, reading = draw(st.sampled_from(NAMES))
    space = draw(st.sampled_from(["", " ", "\u3000"]))
    written = family + space + given
    if draw(st.booleans()):
        written += f"（{reading}）"
    return (family, given, *reading.split()), draw(st.sampled_from(CONTEXTS)).format(written)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written_names())
def test_a_name_is_masked_whole_or_not_at_all(case):
    parts, text = case
    out = anonymise_text(text).text
    still = [p for p in parts if p in out]
    assert still == [] or len(still) == len(parts), (text, out)


def test_every_surface_of_a_person_shares_one_alias_across_fields():
    fields = {
        "intake": "相談者：鳴海 真央（なるみ まお）、無職。",
        "notes": "鳴海さんは翌月に来所した。真央さんの兄も同席した。",
        "review": "主任の鳴海は不在。",
    }
    out = anonymise_fields(fields).fields
    assert out == {
        "intake": "相談者：A、無職。",
        "notes": "Aさんは翌月に来所した。Aさんの兄も同席した。",
        "review": "主任のAは不在。",
    }


def _labelled_terms():
    terms = set()
    for path in sorted(LABELLED_SETS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                terms.update(t for t in json.loads(line)["identifiers"] if len(t) >= 2)
    # Prefectures are the lexicon's public list, not something learnt from the sets.
    return terms - set(PREFECTURES) - PREFECTURE_STEMS


@pytest.mark.skipif(
    not LABELLED_SETS.is_dir(), reason="the labelled sets are not beside this clone"
)
def test_no_labelled_name_appears_in_the_anonymiser_or_its_tests():
    terms = _labelled_terms()
    sources = [
        *(ROOT / "casestudies" / "anonymiser").glob("*.py"),
        *(ROOT / "tests" / "casestudies").glob("test_anonymiser*.py"),
    ]
    leaks = {
        (path.name, term)
        for path in sources
        for term in terms
        if term in path.read_text(encoding="utf-8")
    }
    assert not leaks
