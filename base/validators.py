"""Text sanity every stored name shares: no mojibake, no control or direction characters."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

REPLACEMENT_CHARACTER = "\ufffd"
# Line breaks and tabs belong in multi-line text; \r comes with every browser's line break.
_MULTILINE_WHITESPACE = frozenset("\n\r\t")
# Direction overrides and isolates can make a name read differently from what it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why a text cannot be stored as a name or title, or None when it can."""
    if REPLACEMENT_CHARACTER in value:
        return _("文字化けした文字（\ufffd）が含まれています。元の文字で入力し直してください。")
    for char in value:
        if multiline and char in _MULTILINE_WHITESPACE:
            continue
        category = unicodedata.category(char)
        # Cc: control characters; Cs: lone surrogates; Cn includes U+FFFE and U+FFFF.
        if category in ("Cc", "Cs") or char in _BIDI_CONTROLS or char in "\ufffe\uffff":
            return _("制御文字など、表示できない文字が含まれています。取り除いてください。")
    return None


@deconstructible
class PlainTextValidator:
    """A model or form field validator refusing what text_problem refuses."""

    def __init__(self, multiline: bool = False) -> None:
        self.multiline = multiline

    def __call__(self, value) -> None:
        if isinstance(value, str):
            problem = text_problem(value, multiline=self.multiline)
            if problem:
                raise ValidationError(problem, code="unprintable")

    def __eq__(self, other) -> bool:
        return isinstance(other, PlainTextValidator) and other.multiline == self.multiline


validate_single_line = PlainTextValidator()
validate_multiline = PlainTextValidator(multiline=True)


def require_plain_text(**fields: str) -> None:
    """Raise a ValidationError naming each field whose text cannot be stored (for services)."""
    errors = {}
    for name, value in fields.items():
        problem = text_problem(value or "")
        if problem:
            errors[name] = [ValidationError(problem, code="unprintable")]
    if errors:
        raise ValidationError(errors)
