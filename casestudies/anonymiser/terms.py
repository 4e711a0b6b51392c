"""Whether an editor's extra term can be a name at all, before it is masked everywhere.

A term is replaced at every occurrence and drawn a letter at its first one, so 「の」 as a
person would turn every の in the case into a letter and shift every other alias.
"""

from __future__ import annotations

import unicodedata

from .scripts import is_kana, looks_like_letter_alias
from .tagger import load_tagger

# Why a term is refused; the Django side words each in Japanese.
BLANK = "blank"
SYMBOLS = "symbols"
TOO_SHORT = "too_short"
FUNCTION_WORDS = "function_words"
LETTER_ALIAS = "letter_alias"

# Parts of speech that never make up a name on their own.
_GRAMMAR_POS = frozenset({"助詞", "助動詞", "補助記号", "空白", "接続詞"})
# Verbs and adjectives only count with grammar around them: まもる or みのる alone are given
# names that Sudachi tags as verbs, but ている is no one's name.
_PREDICATE_POS = frozenset({"動詞", "形容詞"})


def term_problem(term: str) -> str | None:
    """Why term cannot be a name (one of the codes above), or None when it can."""
    term = term.strip()
    if not term:
        return BLANK
    if not any(unicodedata.category(char)[0] in "LN" for char in term):
        return SYMBOLS
    if len(term) == 1 and is_kana(term):
        return TOO_SHORT
    if looks_like_letter_alias(term):
        # Masking A would re-letter the aliases already in the text.
        return LETTER_ALIAS
    pos = [token.pos[0] for token in load_tagger().tokenize(term)]
    grammar = [p in _GRAMMAR_POS for p in pos]
    if any(grammar) and all(g or p in _PREDICATE_POS for g, p in zip(grammar, pos, strict=True)):
        return FUNCTION_WORDS
    return None
