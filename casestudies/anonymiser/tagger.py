"""Lazy, thread-safe access to the Sudachi morphological analyser."""

from __future__ import annotations

import threading
from typing import NamedTuple

# Sudachi refuses inputs above 49,149 bytes; 8,000 characters stay below that even when
# every character takes four bytes in UTF-8.
MAX_CHUNK_CHARS = 8000


class Token(NamedTuple):
    """One morpheme with its offsets in the analysed text and its part of speech.

    A tuple rather than a frozen dataclass, and the part-of-speech tests stored rather
    than computed: a 40,000-character report makes 24,000 tokens, and the rules ask each
    of them is_person, is_place or is_noun several times (the bench's hot spot).
    """

    surface: str
    start: int
    end: int
    pos: tuple[str, ...]
    oov: bool
    reading: str = ""
    #: 名詞,固有名詞,人名 (姓, 名 or 一般).
    is_person: bool = False
    #: 名詞,固有名詞,地名.
    is_place: bool = False
    #: Any 固有名詞.
    is_proper: bool = False
    #: 名詞.
    is_noun: bool = False
    #: Particles, auxiliaries, verbs, adjectives, conjunctions: words that end a name.
    is_function_word: bool = False
    #: Punctuation and other symbols.
    is_symbol: bool = False

    @property
    def is_space(self) -> bool:
        """True for whitespace tokens."""
        return self.pos[0] == "空白" or self.surface.isspace()


_FUNCTION_POS = frozenset({"助詞", "助動詞", "動詞", "形容詞", "接続詞"})


def pos_flags(pos: tuple[str, ...]) -> tuple[bool, bool, bool, bool, bool, bool]:
    """Token's stored tests for one part of speech, in field order (is_person ... is_symbol)."""
    proper = pos[1] == "固有名詞"
    return (
        proper and pos[2] == "人名",
        proper and pos[2] == "地名",
        proper,
        pos[0] == "名詞",
        pos[0] in _FUNCTION_POS,
        pos[0] == "補助記号",
    )


class Tagger:
    """Sudachi split mode B over arbitrarily long text, one tokenizer per thread."""

    def __init__(self) -> None:
        from sudachipy import Dictionary, SplitMode

        self._dictionary = Dictionary()
        self._mode = SplitMode.B
        self._local = threading.local()
        self._pos_cache: dict[int, tuple[str, ...]] = {}
        # pos id -> (pos, its flags), filled as ids are met; one dict lookup per morpheme.
        self._token_cache: dict[int, tuple] = {}
        self._name_cache: dict[str, frozenset[str]] = {}

    def _tokenizer(self):
        # A Sudachi tokenizer keeps per-call state, so threads must not share one.
        tokenizer = getattr(self._local, "tokenizer", None)
        if tokenizer is None:
            tokenizer = self._dictionary.tokenizer(self._mode)
            self._local.tokenizer = tokenizer
        return tokenizer

    def _pos(self, pos_id: int) -> tuple[str, ...]:
        pos = self._pos_cache.get(pos_id)
        if pos is None:
            pos = tuple(self._dictionary.pos_of(pos_id))
            self._pos_cache[pos_id] = pos
        return pos

    def name_parts(self, surface: str) -> frozenset[str]:
        """The 人名 roles (姓, 名) the dictionary lists for surface in any reading.

        Sudachi's best path reads 平野 or 関 as common nouns; the other entries still tell
        that the word can be a family name.
        """
        parts = self._name_cache.get(surface)
        if parts is None:
            parts = frozenset(
                pos[3]
                for pos in (
                    self._pos(m.part_of_speech_id()) for m in self._dictionary.lookup(surface)
                )
                if pos[2] == "人名" and pos[3] in ("姓", "名")
            )
            if len(self._name_cache) < 100_000:
                self._name_cache[surface] = parts
        return parts

    def tokenize(self, text: str, readings: bool = True) -> list[Token]:
        """Split text into tokens whose offsets index into text itself.

        readings=False leaves Token.reading empty: only a name's own tokens need their
        reading (to tell a ふりがな), and asking Sudachi for every morpheme's costs time.
        """
        tokenizer = self._tokenizer()
        tokens: list[Token] = []
        append = tokens.append
        cache = self._token_cache
        # The loop runs once per morpheme; tuple.__new__ and a slice of the chunk are the
        # cheapest way to build each token (Sudachi's offsets count characters).
        new = tuple.__new__
        for offset, chunk in _chunks(text):
            for m in tokenizer.tokenize(chunk):
                begin, end, pos_id = m.begin(), m.end(), m.part_of_speech_id()
                pos_info = cache.get(pos_id)
                if pos_info is None:
                    pos = self._pos(pos_id)
                    pos_info = cache[pos_id] = (pos, *pos_flags(pos))
                append(
                    new(
                        Token,
                        (
                            chunk[begin:end],
                            offset + begin,
                            offset + end,
                            pos_info[0],
                            m.is_oov(),
                            m.reading_form() if readings else "",
                            *pos_info[1:],
                        ),
                    )
                )
        return tokens


def _chunks(text: str):
    """Yield (offset, piece) pieces of at most MAX_CHUNK_CHARS, cut at line or sentence ends."""
    start = 0
    length = len(text)
    while start < length:
        end = text.find("\n", start)
        end = length if end == -1 else end + 1
        while end - start > MAX_CHUNK_CHARS:
            cut = max(text.rfind(mark, start, start + MAX_CHUNK_CHARS) for mark in "。．.、，, ")
            cut = cut + 1 if cut > start else start + MAX_CHUNK_CHARS
            yield start, text[start:cut]
            start = cut
        if end > start:
            yield start, text[start:end]
        start = end


_lock = threading.Lock()
_tagger: Tagger | None = None


def load_tagger() -> Tagger:
    """Return the process-wide tagger, loading the dictionary on first use."""
    global _tagger
    if _tagger is None:
        with _lock:
            if _tagger is None:
                _tagger = Tagger()
    return _tagger
