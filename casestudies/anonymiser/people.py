"""Detection of personal names: Sudachi's 人名 tags plus honorific, title and label rules."""

from __future__ import annotations

import re

from .lexicon import (
    HONORIFICS,
    KEEP_TERMS,
    NOT_NAMES,
    PERSON_TITLES,
    PLACE_SUFFIXES,
    PREFECTURE_STEMS,
)
from .scripts import is_kana, is_kanji, is_katakana, looks_like_letter_alias, squeeze
from .tagger import Tagger, Token
from .types import Candidate

PRIORITY = 45
READING_PRIORITY = 55
_TITLES = tuple(sorted(PERSON_TITLES, key=len, reverse=True))
_ROLES = (
    "担当", "担当者", "職員", "相談員", "支援員", "委員", "スタッフ", "同僚", "上司", "世話人",
    "記入者", "報告者", "発表者", "作成者", "主治医", "担当医", "知人", "友人", "管理人",
)  # fmt: skip
_ROLE_PARTICLES = frozenset({"は", "が", "と", "に", "を", "も", "から"})
# What a form's name field holds when it holds no name.
_NOT_A_NAME_ENTRY = frozenset(
    {"不明", "未記入", "記入なし", "なし", "匿名", "非公開", "未定", "省略"}
)
_JOINERS = frozenset({"・", "･", "＝", "="})
# A reading in brackets right after a name (水野 陽介（みずの ようすけ）); an honorific may
# sit between the name and its reading and stays in the text.
READING = re.compile(
    r"(?:さん|氏|様|くん|君|ちゃん)?[ \u3000]*(?P<r>[（(][ \u3000]*[ぁ-ゖァ-ヺー・ \u3000]{2,30}?"
    r"[ \u3000]*[）)])"
)
# Forms and case notes label names; what follows the label is a name even when Sudachi
# does not know it (katakana or hiragana spellings).
LABELLED = re.compile(
    r"(?:氏名|お名前|名前|ふりがな|フリガナ|よみがな|ヨミガナ|相談者名|利用者名|対象者名|本人氏名)"
    r"[ \u3000]*[:：][ \u3000]*(?P<name>[^\s、。,，（(：:]{1,10}(?:[ \u3000][^\s、。,，（(：:]{1,10})?)"
)
# A role label (記入者：, 担当：) names a person only when a short name closes the entry.
ROLE_LABELLED = re.compile(
    r"(?:記入者|担当者|担当|作成者|報告者|発表者|連絡担当)[ \u3000]*[:：][ \u3000]*"
    r"(?P<name>[一-龥々]{1,4}|[ぁ-ゖァ-ヺー]{2,8})(?=[）)、。\s]|$)"
)
# Romaji names: two to four capitalised or upper-case words (Taro YAMADA, TRAN VAN MINH).
ROMAJI_NAME = re.compile(
    r"(?<![A-Za-z0-9@./\-])(?:[A-Z][a-z]+|[A-Z]{2,})(?:[ \u3000](?:[A-Z][a-z]+|[A-Z]{2,})){1,3}"
    r"(?![A-Za-z0-9@.\-])"
)
# Capitalised English words that start organisation names or headings, not persons.
_NOT_ROMAJI_NAMES = frozenset(
    {
        "The", "Of", "And", "For", "In", "On", "At", "To", "Center", "Centre", "Japan",
        "Japanese", "Care", "Support", "Social", "Welfare", "Life", "Home", "House", "Office",
        "Project", "Network", "Group", "Team", "Community", "Cafe", "Food", "Bank", "City",
        "Prefecture", "University", "School", "Hospital", "Clinic", "Inc", "Ltd", "Co",
        "NPO", "NGO", "JR", "ID", "URL", "PDF", "FAX", "TEL", "OK", "NG", "PC", "SNS",
        "LINE", "HP", "QR", "AI", "IT", "DV", "LGBT", "LGBTQ", "ADHD", "ASD", "COVID",
    }
)  # fmt: skip
_CHILD_HONORIFICS = ("くん", "ちゃん", "君")


def _honorific_at(tokens: list[Token], index: int) -> bool:
    if index >= len(tokens):
        return False
    token = tokens[index]
    return token.surface in HONORIFICS and token.pos[0] in ("接尾辞", "名詞")


def _title_at(text: str, position: int) -> bool:
    return text.startswith(_TITLES, position)


def _could_be_surname_place(token: Token) -> bool:
    """Place-tagged words like 吉岡 or 中川 are often surnames; prefectures never are."""
    surface = token.surface
    return (
        token.is_place
        and is_kanji(surface)
        and len(surface) <= 3
        and surface not in PREFECTURE_STEMS
        and surface[-1] not in PLACE_SUFFIXES
    )


def _is_given_name(token: Token) -> bool:
    return token.is_person and token.pos[3] in ("名", "一般")


def _starts_name(tokens: list[Token], text: str, i: int) -> bool:
    token = tokens[i]
    if token.is_person:
        return not looks_like_letter_alias(token.surface)
    if _could_be_surname_place(token):
        nxt = i + 1
        if nxt < len(tokens) and _is_given_name(tokens[nxt]):
            return True
        return _honorific_at(tokens, nxt) or _title_at(text, token.end)
    return False


def _run_end(tokens: list[Token], i: int) -> int:
    """Index just past the name that starts at tokens[i] (family, given, middle names)."""
    n = len(tokens)
    j = i + 1
    while j < n:
        token = tokens[j]
        prev = tokens[j - 1]
        if token.is_person and not looks_like_letter_alias(token.surface):
            j += 1
        elif _joins_names(token, prev, tokens[j + 1] if j + 1 < n else None):
            j += 2
        else:
            break
    return j


def _joins_names(token: Token, prev: Token, nxt: Token | None) -> bool:
    """True for the ・ in マリア・ロドリゲス or the space in 水野 陽介."""
    if nxt is None:
        return False
    katakana_join = (
        token.surface in _JOINERS
        and is_katakana(prev.surface)
        and is_katakana(nxt.surface)
        and nxt.is_noun
    )
    space_join = (
        token.is_space
        and len(token.surface) == 1
        and (prev.pos[3] == "姓" or prev.is_place)
        and nxt.is_person
    )
    return katakana_join or space_join


def _given_name_extension(tokens: list[Token], end: int) -> int:
    """Take an untagged given name between a surname and an honorific (森本ゆいさん)."""
    length = 0
    for k in range(end, min(end + 2, len(tokens))):
        token = tokens[k]
        if token.is_function_word or token.is_symbol or token.is_space or not token.is_noun:
            return end
        length += len(token.surface)
        if length > 4:
            return end
        if _honorific_at(tokens, k + 1):
            return k + 1
    return end


def _plausible(surface: str, followed: bool) -> bool:
    name = squeeze(surface)
    if not name or name in NOT_NAMES or name in KEEP_TERMS or looks_like_letter_alias(name):
        return False
    return followed or len(name) >= 2


def person_candidates(text: str, tokens: list[Token], tagger: Tagger) -> list[Candidate]:
    """Find personal names from tags, honorifics and titles, with their family/given parts."""
    found: list[Candidate] = []
    n = len(tokens)
    i = 0
    while i < n:
        if not _starts_name(tokens, text, i):
            i += 1
            continue
        end = _run_end(tokens, i)
        # A katakana name whose first part Sudachi did not tag (リン・メイ): walk back over it.
        while (
            i >= 2
            and tokens[i - 1].surface in _JOINERS
            and is_katakana(tokens[i].surface)
            and is_katakana(tokens[i - 2].surface)
            and tokens[i - 2].is_noun
        ):
            i -= 2
        if tokens[end - 1].pos[3] == "姓" or tokens[end - 1].is_place:
            end = _given_name_extension(tokens, end)
        start_char, end_char = tokens[i].start, tokens[end - 1].end
        surface = text[start_char:end_char]
        followed = _honorific_at(tokens, end) or _title_at(text, end_char)
        if _plausible(surface, followed):
            parts = ()
            if end - i > 1:
                parts = (tokens[i].surface, squeeze(text[tokens[i + 1].start : end_char]))
            found.append(
                Candidate(
                    "person", start_char, end_char, PRIORITY, squeeze(surface), name_parts=parts
                )
            )
        i = end
    found.extend(_honorific_names(tokens))
    found.extend(_dictionary_names(text, tokens, tagger))
    found.extend(_labelled_names(text))
    found.extend(_role_surnames(text, tokens, tagger))
    found.extend(_romaji_names(text))
    return _whole_names(found, tokens, tagger)


def _romaji_names(text: str) -> list[Candidate]:
    """Names written in Latin letters; an all-acronym or English phrase is not one."""
    found = []
    for m in ROMAJI_NAME.finditer(text):
        words = m.group().split()
        if any(w in _NOT_ROMAJI_NAMES for w in words):
            continue
        if all(w.isupper() and len(w) <= 3 for w in words):
            continue
        found.append(Candidate("person", m.start(), m.end(), PRIORITY, " ".join(words)))
    return found


def _role_surnames(text: str, tokens: list[Token], tagger: Tagger) -> list[Candidate]:
    """A surname Sudachi splits into pieces (numerals, counters) after 役割の, before が/は."""
    found = []
    for k in range(2, len(tokens)):
        if tokens[k - 1].surface != "の" or not is_kanji(tokens[k].surface):
            continue
        if not text.endswith(_TITLES + _ROLES, 0, tokens[k - 1].start):
            continue
        j = k
        while j < len(tokens) and is_kanji(tokens[j].surface) and j - k < 4:
            j += 1
        if j == k + 1 or j >= len(tokens):
            continue  # one token: _dictionary_names already decides it
        nxt = tokens[j]
        if not (nxt.pos[0] == "助詞" and nxt.surface in _ROLE_PARTICLES):
            continue
        surface = text[tokens[k].start : tokens[j - 1].end]
        if len(surface) <= 5 and "姓" in tagger.name_parts(surface):
            found.append(Candidate("person", tokens[k].start, tokens[j - 1].end, PRIORITY, surface))
    return found


def _whole_names(found: list[Candidate], tokens: list[Token], tagger: Tagger) -> list[Candidate]:
    """Widen a name over the other half of a spaced full name, so no half stays readable.

    Sudachi may read the surname of 島津 健太 as a common word; a kanji word the dictionary
    lists as a surname, one space before a found name, belongs to it.
    """
    by_start = {t.start: i for i, t in enumerate(tokens)}
    by_end = {t.end: i for i, t in enumerate(tokens)}
    widened = []
    for c in found:
        i = by_start.get(c.start)
        if c.kind == "person" and i is not None and i >= 2 and tokens[i - 1].is_space:
            before = tokens[i - 2]
            if (
                len(tokens[i - 1].surface) == 1
                and is_kanji(before.surface)
                and len(before.surface) <= 3
                and "姓" in tagger.name_parts(before.surface)
            ):
                c = Candidate(
                    "person",
                    before.start,
                    c.end,
                    c.priority,
                    squeeze(before.surface + c.key),
                    name_parts=(before.surface, c.key),
                )
        j = by_end.get(c.end)
        if c.kind == "person" and j is not None and j + 2 < len(tokens) and tokens[j + 1].is_space:
            after = tokens[j + 2]
            if (
                len(tokens[j + 1].surface) == 1
                and is_kanji(after.surface)
                and len(after.surface) <= 3
                and not c.name_parts
                and "名" in tagger.name_parts(after.surface)
                and "姓" in tagger.name_parts(c.key)
            ):
                c = Candidate(
                    "person",
                    c.start,
                    after.end,
                    c.priority,
                    squeeze(c.key + after.surface),
                    name_parts=(c.key, after.surface),
                )
        widened.append(c)
    return widened


def _honorific_names(tokens: list[Token]) -> list[Candidate]:
    """Names Sudachi does not know, recognised by the honorific after them (ドルマさん)."""
    found = []
    for k in range(1, len(tokens)):
        if not _honorific_at(tokens, k):
            continue
        j = k
        while j > 0 and k - j < 4:
            prev = tokens[j - 1]
            unknown = prev.oov and not prev.is_symbol and prev.pos[1] != "数詞"
            foreign = is_katakana(prev.surface) and (prev.oov or prev.is_proper)
            joined = prev.surface in _JOINERS and j < k and is_katakana(tokens[j].surface)
            if (unknown or foreign or joined) and not prev.is_space:
                j -= 1
            else:
                break
        if j == k or tokens[j].surface in _JOINERS:
            continue
        surface = "".join(t.surface for t in tokens[j:k])
        if _plausible(surface, True):
            found.append(
                Candidate("person", tokens[j].start, tokens[k - 1].end, PRIORITY, squeeze(surface))
            )
    return found


def _dictionary_names(text: str, tokens: list[Token], tagger: Tagger) -> list[Candidate]:
    """Words Sudachi read as common nouns that are names in context.

    平野職業相談員, 関様, ゆうきくん, 大橋・小田: the context (a title, an honorific, a list
    of names) says person, and the dictionary confirms the word can be a name.
    """
    found = []
    for k, token in enumerate(tokens):
        surface = token.surface
        if token.is_person or not token.is_noun or surface in NOT_NAMES:
            continue
        if not (is_kanji(surface) and len(surface) <= 3) and not (
            is_kana(surface) and 2 <= len(surface) <= 6
        ):
            continue
        prev = tokens[k - 1] if k else None
        if prev and (prev.is_noun or prev.pos[0] == "接頭辞") and prev.surface not in _JOINERS:
            continue  # inside a compound (生活相談員) or after お/ご (お客さん)
        honorific = _honorific_at(tokens, k + 1)
        titled = len(surface) >= 2 and _title_at(text, token.end)
        listed = _in_name_list(tokens, k)
        role = is_kanji(surface) and _after_role(text, tokens, k)
        if not (honorific or titled or listed or role):
            continue
        if (
            honorific
            and tokens[k + 1].surface in _CHILD_HONORIFICS
            and (
                (is_kana(surface) and len(surface) <= 4)
                or (is_kanji(surface) and len(surface) <= 2)
            )
        ):
            # Children's given names (さくらちゃん, 翼くん) are often ordinary words to Sudachi.
            found.append(Candidate("person", token.start, token.end, PRIORITY, surface))
            continue
        parts = tagger.name_parts(surface)
        strict = titled or listed or role or len(surface) == 1
        wanted = "姓" in parts if strict else bool(parts)
        if wanted:
            found.append(Candidate("person", token.start, token.end, PRIORITY, surface))
    return found


def _after_role(text: str, tokens: list[Token], k: int) -> bool:
    """True for 主任の平野は: a role, の, the word, then a particle or punctuation."""
    if k < 2 or tokens[k - 1].surface != "の" or k + 1 >= len(tokens):
        return False
    nxt = tokens[k + 1]
    closes = (nxt.pos[0] == "助詞" and nxt.surface in _ROLE_PARTICLES) or nxt.surface in "、。（("
    return closes and text.endswith(_TITLES + _ROLES, 0, tokens[k - 1].start)


def _in_name_list(tokens: list[Token], k: int) -> bool:
    """True when tokens[k] sits in a ・-separated list next to a tagged surname."""
    before = k >= 2 and tokens[k - 1].surface in _JOINERS and tokens[k - 2].is_person
    after = k + 2 < len(tokens) and tokens[k + 1].surface in _JOINERS and tokens[k + 2].is_person
    return before or after


def _labelled_names(text: str) -> list[Candidate]:
    found = []
    for m in (*LABELLED.finditer(text), *ROLE_LABELLED.finditer(text)):
        name = squeeze(m.group("name"))
        if name not in _NOT_A_NAME_ENTRY and (is_kana(name) or is_kanji(name)):
            found.append(Candidate("person", m.start("name"), m.end("name"), PRIORITY, name))
    return found


def reading_candidates(text: str, anchors: list[Candidate], tagger: Tagger) -> list[Candidate]:
    """Find bracketed readings (ふりがな) right after a name; they are dropped, not aliased.

    A kana word in brackets after a name is a reading only when it sounds like the name
    (or is itself a name): 佐野さん（ヘルパー） keeps its ヘルパー.
    """
    found = []
    for anchor in anchors:
        m = READING.match(text, anchor.end)
        if not m:
            continue
        content = m.group("r")[1:-1]
        if not _sounds_like(text[anchor.start : anchor.end], content, tagger):
            continue
        found.append(
            Candidate(
                anchor.kind, m.start("r"), m.end("r"), READING_PRIORITY, anchor.key, fixed_alias=""
            )
        )
    return found


def _sounds_like(name: str, content: str, tagger: Tagger) -> bool:
    reading = _to_katakana(squeeze(content))
    if any(t.is_person for t in tagger.tokenize(content)):
        return True
    expected = "".join(t.reading for t in tagger.tokenize(squeeze(name)))
    return bool(reading) and bool(expected) and reading[0] == expected[0]


def _to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)
