"""Detection of organisation, facility, group and business names."""

from __future__ import annotations

import bisect
import re

from .lexicon import (
    GENERIC_KANA,
    GENERIC_KATAKANA,
    GENERIC_ORG_WORDS,
    KEEP_TERMS,
    LEGAL_FORMS,
    ORG_NAME_STOPS,
    ORG_TAILS,
    TYPES_BEFORE_BRACKET,
    TYPES_BEFORE_NAME,
)
from .scripts import is_hiragana, is_kana, is_kanji, is_katakana, squeeze
from .tagger import Token
from .types import Candidate

PRIORITY = 50
_LEGAL_RE = re.compile("|".join(re.escape(f) for f in sorted(LEGAL_FORMS, key=len, reverse=True)))
_TRAILING_LEGAL = ("株式会社", "有限会社", "合同会社")
_BRACKET = re.compile(r"[「『](?P<c>[^「」『』\n]{1,30})[」』]")
_KANA_RUN = re.compile(r"[ぁ-ゖァ-ヺー・]+")
_TAILS = tuple(sorted(ORG_TAILS, key=len, reverse=True))
# Katakana type words that are never the start of a longer common word (unlike ホーム in
# ホームレス or ハウス in ハウスキーピング).
_KATAKANA_TYPES = ("センター", "クリニック")
_COMPOUNDING_TYPES = ("ホーム", "ハウス", "カフェ", "サロン")
_ERAS = frozenset({"令和", "平成", "昭和", "大正", "明治"})
# Words after a dictionary proper noun that make it the name of an institution.
_INSTITUTION_WORDS = (
    "大学", "短期大学", "高校", "高等学校", "中学校", "小学校", "学校", "病院", "銀行",
    "信用金庫", "義塾", "会社", "工業", "商店", "研究所", "機構", "国際病院", "社",
)  # fmt: skip
# Type words Sudachi splits into several tokens (コミュニティ|カフェ, フード|バンク).
_MULTI_TOKEN_TYPES = tuple(t for t in TYPES_BEFORE_NAME if len(t) >= 4)
# A hospital's own name: one with ヶ/ケ in it (…ヶ丘) or ending in 記念, before its type word.
_HOSPITAL_NAME = re.compile(
    r"[一-龥々]{1,4}[ヶケ][一-龥々]{1,4}(?:記念)?(?=病院|医院|クリニック|診療所)"
    r"|[一-龥々]{2,6}記念(?=病院|医院|クリニック|診療所)"
)
_FACILITY_TAILS = frozenset({"園", "苑", "荘", "寮", "学園"})
_BRACKET_TYPES = tuple(sorted(TYPES_BEFORE_BRACKET, key=len, reverse=True)) + tuple(LEGAL_FORMS)
# Particles and endings that can follow a type word; a kana run starting with one of them
# is grammar, not a name (センターとして, 事業所では).
_FUNCTION_STARTS = (
    "として", "について", "における", "による", "により", "によって", "において", "および",
    "または", "ならびに", "など", "から", "まで", "より", "にて", "です", "でし", "でき",
    "する", "した", "され", "させ", "ます", "ある", "あり", "いる", "なる", "なっ", "なり",
    "ごと", "へ", "と", "の", "で", "が", "は", "に", "を", "や", "も", "だ", "か",
)  # fmt: skip
# Function words that can close a kana run after a name (…ひまわりによる, …わたげでは).
_FUNCTION_TAILS = frozenset(
    {
        "と", "の", "で", "が", "は", "に", "を", "へ", "や", "も", "から", "まで", "より", "では",
        "には", "とは", "との", "での", "への", "からの", "などの", "など", "として", "による",
        "により", "によって", "にて", "における", "において", "について", "です", "でした",
        "だ", "とも", "でも", "にも", "とが", "ので",
    }
)  # fmt: skip
_KATAKANA_THEN_HIRAGANA = re.compile(r"(?:(?<=[ァ-ヺ])|(?<=[ァ-ヺ]ー))(?=[ぁ-ゖ])")


def _trim_kana_name(run: str) -> str:
    """Cut grammar off a kana run: ルミエールによる -> ルミエール, ひまわりでは -> ひまわり."""
    m = _KATAKANA_THEN_HIRAGANA.search(run)
    if m:
        run = run[: m.start()]
    for cut in range(2, len(run)):
        if run[cut:] in _FUNCTION_TAILS:
            return run[:cut]
    return run


def _token_index(tokens: list[Token], starts: list[int], position: int) -> int:
    """Index of the first token starting at or after position."""
    return bisect.bisect_left(starts, position)


def _is_generic(token: Token) -> bool:
    surface = token.surface
    return (
        surface in GENERIC_ORG_WORDS
        or surface in ORG_TAILS
        or surface in KEEP_TERMS
        or (token.pos[0] == "接尾辞" and not token.is_place)
    )


def _split_tail(name: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split a name into its distinctive head and its generic tail (わかば | 会)."""
    k = len(name)
    while k > 0 and _is_generic(name[k - 1]):
        k -= 1
    return name[:k], name[k:]


def _org_from_parts(text: str, head: list[Token], tail: list[Token]) -> Candidate | None:
    if not head or all(t.is_place for t in head):
        # Nothing but a place before a generic type: the place detector masks the place.
        return None
    key = squeeze(text[head[0].start : head[-1].end])
    if key in KEEP_TERMS:
        return None
    end = tail[-1].end if tail else head[-1].end
    suffix = text[tail[0].start : end] if tail else ""
    return Candidate("organisation", head[0].start, end, PRIORITY, key, suffix)


def _name_after(tokens: list[Token], first: int) -> list[Token]:
    name: list[Token] = []
    for token in tokens[first : first + 12]:
        if (
            token.is_function_word
            or token.is_space
            or (token.is_symbol and token.surface not in "・＆&ー")
            or token.surface in ORG_NAME_STOPS
            or _LEGAL_RE.fullmatch(token.surface)
        ):
            break
        name.append(token)
    return name


def _legal_form_names(text: str, tokens: list[Token], starts: list[int]) -> list[Candidate]:
    """Names next to a legal form: 社会福祉法人わかば会, ライフリンク株式会社."""
    found = []
    for m in _LEGAL_RE.finditer(text):
        position = m.end()
        while position < len(text) and text[position] in " \u3000":
            position += 1
        first = _token_index(tokens, starts, position)
        if first < len(tokens) and tokens[first].start == position:
            name = _name_after(tokens, first)
            candidate = _org_from_parts(text, *_split_tail(name))
            kana = _kana_name_at(text, position)
            if kana and (not name or name[-1].end < position + len(kana)):
                # Sudachi cut a kana name into verbs (ゆいまーる -> ゆい + まーる); the
                # kana run is the better guess for where the name ends.
                candidate = Candidate(
                    "organisation", position, position + len(kana), PRIORITY, squeeze(kana)
                )
            if candidate:
                found.append(candidate)
        if m.group() in _TRAILING_LEGAL:
            found.extend(_name_before(text, tokens, starts, m.start()))
    return found


def _kana_name_at(text: str, position: int) -> str:
    m = _KANA_RUN.match(text, position)
    if not m:
        return ""
    run = _trim_kana_name(m.group())
    return run if len(run) >= 2 and run not in GENERIC_KANA else ""


def _name_before(text: str, tokens: list[Token], starts: list[int], end: int) -> list[Candidate]:
    k = _token_index(tokens, starts, end)
    head: list[Token] = []
    while k > 0 and len(head) < 4:
        token = tokens[k - 1]
        if token.end != (head[0].start if head else end) or not _nameish(token, strict=False):
            break
        head.insert(0, token)
        k -= 1
    if head:
        return [
            Candidate(
                "organisation", head[0].start, end, PRIORITY, squeeze(text[head[0].start : end])
            )
        ]
    return []


def _nameish(token: Token, strict: bool = True) -> bool:
    """A word that can be the distinctive part of a name: kana words, unknown words, 固有名詞."""
    surface = token.surface
    if token.is_function_word or token.is_symbol or token.is_space or surface in KEEP_TERMS:
        return False
    if is_hiragana(surface):
        # Only nouns: adverbs like それぞれ or まず sit before type words in plain prose.
        nounlike = (
            token.is_proper
            or token.pos[:3] == ("名詞", "普通名詞", "一般")
            or token.pos[0] == "形状詞"
        )
        return nounlike and len(surface) >= 2 and surface not in GENERIC_KANA
    if is_katakana(surface):
        if surface in GENERIC_KATAKANA:
            return False
        return token.oov or token.is_proper or not strict
    if token.is_proper and not token.is_place:
        return True
    return token.oov and not surface.isdigit() and token.pos[1] != "数詞"


def _suffix_names(text: str, tokens: list[Token]) -> list[Candidate]:
    """Names ending in a type word: すずかけ相談室, あおば福祉会, こもれびの会."""
    found = []
    for k, token in enumerate(tokens):
        if token.surface not in ORG_TAILS:
            continue
        j = k
        while j > 0 and _is_generic(tokens[j - 1]):
            j -= 1
        # "Xの会" and "Xの家" are common name shapes; the の stays with the kept tail.
        if (
            token.surface in ("会", "家")
            and j > 1
            and tokens[j - 1].surface == "の"
            and _nameish(tokens[j - 2])
        ):
            j -= 1
        h = j
        while h > 0 and _nameish(tokens[h - 1]):
            h -= 1
        if h == j and token.surface in _FACILITY_TAILS and j == k and j > 0:
            # 緑風園, 松風苑: a facility's kanji name is often an ordinary word; with these
            # tails (unlike 会) the pair is still a name, since generic words such as
            # 保育園 or 公園 are single dictionary words.
            prev = tokens[j - 1]
            if _facility_head(prev):
                h = j - 1
        if h == j:
            continue
        head = tokens[h:j]
        key = squeeze(text[head[0].start : head[-1].end])
        suffix = text[head[-1].end : token.end]
        found.append(Candidate("organisation", head[0].start, token.end, PRIORITY, key, suffix))
    return found


def _facility_head(token: Token) -> bool:
    return (
        token.is_noun
        and is_kanji(token.surface)
        and 2 <= len(token.surface) <= 3
        and token.surface not in GENERIC_ORG_WORDS
        and not token.is_person
    )


def _kana_after_type(text: str, tokens: list[Token]) -> list[Candidate]:
    """Kana names written right after a type word: 相談支援センターひまわり."""
    found = []
    for k, token in enumerate(tokens):
        run_start = _name_start_after_type(text, token)
        if run_start is None:
            continue
        if text.startswith(("・", "･"), run_start):
            run_start += 1  # カフェ・ソラマメ: the type word and the name joined by ・
        m = _KANA_RUN.match(text, run_start)
        if not m:
            continue
        run = m.group()
        # Both tests are needed: Sudachi may read a kana name as an auxiliary plus a verb, and a noun like
        # はなみずき starts with the particle は.
        nxt = next((t for t in tokens[k + 1 : k + 3] if t.start >= run_start), None)
        if (
            run_start == token.end
            and nxt
            and nxt.is_function_word
            and run.startswith(_FUNCTION_STARTS)
        ):
            continue
        if (
            run_start == token.end
            and token.surface.endswith(_COMPOUNDING_TYPES)
            and is_katakana(nxt.surface if nxt else "")
        ):
            continue  # ホームヘルパー, カフェオレ: one katakana word, not a type and a name
        run = _trim_kana_name(run)
        if len(run) < 2 or run in GENERIC_KANA or run in GENERIC_KATAKANA:
            continue
        inside = [t for t in tokens[k + 1 : k + 8] if run_start <= t.start < run_start + len(run)]
        if run_start == token.end and not any(
            # ぽかぽか, ほかほか: onomatopoeia Sudachi reads as adverbs make many kana names.
            _could_name(t) or ("副詞" in (t.pos[0], t.pos[2]) and len(run) >= 4)
            for t in inside
        ):
            continue  # センターすべて, センターだけ: grammar words, no name among them
        found.append(
            Candidate("organisation", run_start, run_start + len(run), PRIORITY, squeeze(run))
        )
    return found


def _could_name(token: Token) -> bool:
    """A token that can be part of a kana name: a noun, 形状詞 or unknown word."""
    if token.oov or token.is_proper or token.pos[0] == "形状詞":
        return True
    return token.pos[:3] == ("名詞", "普通名詞", "一般") and len(token.surface) >= 2


def _name_start_after_type(text: str, token: Token) -> int | None:
    """Where a name may start after token: its end, or inside an unknown katakana compound.

    Sudachi fuses an unknown katakana name with the type word before it
    (センタールミエール as one unknown word), so the type word is looked for at its start.
    """
    if token.surface.endswith(TYPES_BEFORE_NAME) or text.endswith(_MULTI_TOKEN_TYPES, 0, token.end):
        return token.end
    if token.oov and is_katakana(token.surface):
        for word in _KATAKANA_TYPES:
            if token.surface.startswith(word) and len(token.surface) > len(word) + 1:
                return token.start + len(word)
    return None


def _is_sentence(tokens: list[Token]) -> bool:
    for token in tokens:
        if token.pos[0] in ("動詞", "助動詞", "形容詞") or token.surface in "。、！？!?":
            return True
        if token.pos[0] == "助詞" and token.surface not in ("の", "と"):
            return True
    return False


def _bracket_is_name(content: str, before: str, inner: list[Token], head: list[Token]) -> bool:
    """Decide from the words around and inside 「…」 whether it holds a proper name."""
    if before.endswith(LEGAL_FORMS):
        return len(content) <= 20  # 社会福祉法人「青い鳥」: a legal form names what follows
    nameish = any(_nameish(t, strict=False) or t.is_place for t in head)
    if before.endswith(_BRACKET_TYPES):
        if is_kana(squeeze(content)) and len(content) <= 15:
            return True  # つむぎ, こだま: kana names, whatever Sudachi makes of them
        if len(content) <= 8 and not any(
            t.pos[0] == "助詞" and t.surface not in ("の", "と") for t in inner
        ):
            return True  # 事業所「はしる星」: Sudachi reads a coined name as verb + noun
        if content.endswith(_TAILS) and len(content) <= 20:
            return True  # 機関「いわて・くらし相談室」: a type word on both sides
        return nameish and not _is_sentence(inner)
    if content.endswith(_TAILS):
        # 「こもれびの家」 names itself by its type word even without one before it.
        return nameish and not _is_sentence(head) and len(content) <= 20
    return False


def _bracket_names(text: str, tokens: list[Token], starts: list[int]) -> list[Candidate]:
    """Names in 「」 or 『』: after a legal form or type word, or ending in a type word."""
    found = []
    for m in _BRACKET.finditer(text):
        content = m.group("c").strip(" \u3000")
        if not content or any(mark in content for mark in "。、！？!?") or content in KEEP_TERMS:
            continue
        start = m.start("c") + m.group("c").index(content)
        end = start + len(content)
        inner = tokens[_token_index(tokens, starts, start) : _token_index(tokens, starts, end)]
        if not inner:
            continue
        head, tail = _split_tail(inner)
        if not head or (tail and all(t.is_place for t in head)):
            continue  # generic, or a place before a generic type: the place rule masks it
        before = text[max(0, m.start() - 12) : m.start()].rstrip(" \u3000")
        kana_head = _KANA_RUN.match(content)
        if (
            kana_head
            and content.endswith(_TAILS)
            and kana_head.end() < len(content)
            and len(kana_head.group()) >= 3
            and kana_head.group() not in GENERIC_KANA
            and is_hiragana(kana_head.group())
        ):
            # 「ぽかぽか交流会」: a coined kana name, then generic words ending in a type word.
            found.append(
                Candidate(
                    "organisation",
                    start,
                    start + kana_head.end(),
                    PRIORITY + 2,
                    kana_head.group(),
                )
            )
            continue
        if (
            m.group().startswith("『")
            and is_kana(content)
            and 2 <= len(content) <= 10
            and content not in GENERIC_KANA
        ):
            # 『』 marks a title or a proper name; a bare kana word in it is a name.
            found.append(Candidate("organisation", start, end, PRIORITY + 2, content))
            continue
        if not _bracket_is_name(content, before, inner, head):
            continue
        suffix = text[tail[0].start : end] if tail else ""
        key = squeeze(text[start : head[-1].end])
        found.append(Candidate("organisation", start, end, PRIORITY + 2, key, suffix))
    return found


def _proper_institutions(text: str, tokens: list[Token]) -> list[Candidate]:
    """Dictionary proper nouns used as institution names: 聖路加国際病院, 大宮駅."""
    found = []
    for k, token in enumerate(tokens):
        surface = token.surface
        if token.pos[1:3] != ("固有名詞", "一般") or surface in KEEP_TERMS or surface in _ERAS:
            continue
        if surface.endswith("駅") and len(surface) > 1:
            found.append(Candidate("place", token.start, token.end, PRIORITY, surface[:-1], "駅"))
            continue
        following = "".join(t.surface for t in tokens[k + 1 : k + 3])
        if following.startswith(_INSTITUTION_WORDS) or following.startswith(_TAILS):
            found.append(Candidate("organisation", token.start, token.end, PRIORITY, surface))
    return found


def organisation_candidates(text: str, tokens: list[Token]) -> list[Candidate]:
    """Find organisation names from legal forms, brackets, type words and kana runs."""
    starts = [t.start for t in tokens]
    found = _proper_institutions(text, tokens)
    found += _legal_form_names(text, tokens, starts)
    found += _bracket_names(text, tokens, starts)
    found += _suffix_names(text, tokens)
    found += _kana_after_type(text, tokens)
    found += [
        Candidate("organisation", m.start(), m.end(), PRIORITY, m.group())
        for m in _HOSPITAL_NAME.finditer(text)
    ]
    return [c for c in found if c.key and c.key not in KEEP_TERMS and not is_kanji_generic(c.key)]


def is_kanji_generic(key: str) -> bool:
    """True when a proposed name is only a generic kanji word (地域福祉), not a name."""
    return is_kanji(key) and key in GENERIC_ORG_WORDS
