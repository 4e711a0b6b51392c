"""What the detector left unmasked but an editor should look at once: the reviewer's aid."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lexicon import GENERIC_KANA, KEEP_TERMS
from .scripts import is_kanji
from .tagger import Tagger, load_tagger

# A capitalised Latin word (Sato, TANAKA) that the romaji-name rule did not take.
_ROMAJI_WORD = re.compile(r"(?<![A-Za-z0-9@./\-])(?:[A-Z][a-z]{2,}|[A-Z]{4,})(?![A-Za-z0-9@.\-])")
_KANA_BRACKET = re.compile(r"[「『](?P<c>[ぁ-ゖァ-ヺー・]{2,12})[」』]")

REASONS = {
    "romaji": "大文字で始まるローマ字の語",
    "bracket": "「」の中のかなの語",
    "subject": "人名かもしれない語（が・はの後に動詞）",
}


def unsure_candidates(
    text: str, masked: Iterable[str] = (), tagger: Tagger | None = None
) -> list[tuple[str, str]]:
    """Return (surface, reason) for each distinct word worth a second look, in text order.

    masked holds the surfaces already found, which need no second look.
    """
    done = set(masked)
    found: dict[str, str] = {}

    def add(surface: str, reason: str) -> None:
        if (
            surface not in done
            and surface not in KEEP_TERMS
            and not any(surface in d for d in done)
        ):
            found.setdefault(surface, reason)

    for m in _ROMAJI_WORD.finditer(text):
        add(m.group(), "romaji")
    for m in _KANA_BRACKET.finditer(text):
        if m.group("c") not in GENERIC_KANA:
            add(m.group("c"), "bracket")
    tagger = tagger or load_tagger()
    tokens = tagger.tokenize(text)
    for k in range(len(tokens) - 2):
        word, particle, verb = tokens[k], tokens[k + 1], tokens[k + 2]
        # 記録は某某が整え: a kanji word the dictionary does not know as a common compound,
        # the subject of a verb, is how an unknown surname reads.
        if (
            particle.surface == "が"
            and verb.pos[0] == "動詞"
            and word.is_noun
            and not word.is_place
            and is_kanji(word.surface)
            and 2 <= len(word.surface) <= 4
            and (word.oov or "姓" in tagger.name_parts(word.surface))
            and (k == 0 or tokens[k - 1].surface in ("は", "、", "。", "の", "と"))
        ):
            add(word.surface, "subject")
    return list(found.items())
