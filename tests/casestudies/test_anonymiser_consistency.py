"""Property and case-wide tests: a name is masked whole or not at all, with one alias per entity.

Every name here is invented for the tests. That no name of the labelled sets made it into
the anonymiser or its tests is checked by scripts/check_labelled_names.py, which needs the
sets beside the clone and so runs by hand, not in the suite.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casestudies.anonymiser import anonymise_fields, anonymise_text

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
