"""Lazy, thread-safe access to the Sudachi morphological analyser."""

from __future__ import annotations

import threading
from dataclasses import dataclass

# Sudachi refuses inputs above 49,149 bytes; 8,000 characters stay below that even when
# every character takes four bytes in UTF-8.
MAX_CHUNK_CHARS = 8000


@dataclass(frozen=True, slots=True)
class Token:
    """One morpheme with its offsets in the analysed text and its part of speech."""

    surface: str
    start: int
    end: int
    pos: tuple[str, ...]
    oov: bool
    reading: str = ""

    @property
    def is_person(self) -> bool:
        """True for 名詞,固有名詞,人名 (姓, 名 or 一般)."""
        return self.pos[1] == "固有名詞" and self.pos[2] == "人名"

    @property
    def is_place(self) -> bool:
        """True for 名詞,固有名詞,地名."""
        return self.pos[1] == "固有名詞" and self.pos[2] == "地名"

    @property
    def is_proper(self) -> bool:
        """True for any 固有名詞."""
        return self.pos[1] == "固有名詞"

    @property
    def is_noun(self) -> bool:
        """True for 名詞."""
        return self.pos[0] == "名詞"

    @property
    def is_space(self) -> bool:
        """True for whitespace tokens."""
        return self.pos[0] == "空白" or self.surface.isspace()

    @property
    def is_function_word(self) -> bool:
        """True for particles, auxiliaries and verbs: words that end a name."""
        return self.pos[0] in ("助詞", "助動詞", "動詞", "形容詞", "接続詞")

    @property
    def is_symbol(self) -> bool:
        """True for punctuation and other symbols."""
        return self.pos[0] == "補助記号"


class Tagger:
    """Sudachi split mode B over arbitrarily long text, one tokenizer per thread."""

    def __init__(self) -> None:
        from sudachipy import Dictionary, SplitMode

        self._dictionary = Dictionary()
        self._mode = SplitMode.B
        self._local = threading.local()
        self._pos_cache: dict[int, tuple[str, ...]] = {}
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

    def tokenize(self, text: str) -> list[Token]:
        """Split text into tokens whose offsets index into text itself."""
        tokenizer = self._tokenizer()
        tokens: list[Token] = []
        for offset, chunk in _chunks(text):
            for m in tokenizer.tokenize(chunk):
                tokens.append(
                    Token(
                        m.surface(),
                        offset + m.begin(),
                        offset + m.end(),
                        self._pos(m.part_of_speech_id()),
                        m.is_oov(),
                        m.reading_form(),
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
