"""Whole pages rendered once per layout and filled per request, for pages opened cold by the public.

The verify page is what every employer's QR scan opens, with no cookie and no
sign-in. Rendering its template was 38% of the request's CPU (py-spy over 1,500
in-process requests), though its markup is the same for every certificate of one
status in one language: only the printed values, the CSRF token and the path
differ. `shell` renders the template once with each such value replaced by a
marker, and keeps the text between the markers; a request joins the pieces with
its own values, escaped as the template would have escaped them. The template
stays the only source of the markup, and tests compare the two renders.
Hand-written because Django's `{% cache %}` keeps whole fragments, not pages
with holes (base/fragments.py does the same for the navigation).
"""

import re
import secrets
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Letters and digits only, so escaping, URL quoting and translation pass it through
# unchanged; random per process, so no stored text can contain it.
_MARK = f"zq{secrets.token_hex(8)}q"
_MARK_RE = re.compile(rf"{_MARK}([a-z_]+){_MARK}")


def marker(name: str) -> str:
    """The text that stands for slot `name` in the one render."""
    return f"{_MARK}{name}{_MARK}"


@dataclass(frozen=True)
class Shell:
    """A rendered page split at its slots: the text pieces, and the slot named between each two."""

    pieces: tuple[str, ...]
    slots: tuple[str, ...]

    def fill(self, values: dict[str, str]) -> SafeString:
        """The page with each slot's value escaped in its place."""
        parts = [self.pieces[0]]
        for name, piece in zip(self.slots, self.pieces[1:], strict=True):
            parts.append(escape(values[name]))
            parts.append(piece)
        # Every piece came out of an autoescaping render, and every value is escaped here.
        return mark_safe("".join(parts))  # noqa: S308


def shell(template_name: str, context: dict, request, slots: tuple[str, ...]) -> Shell:
    """Render `template_name` once with each name in `slots` given as its marker.

    `context` holds the markers where the values go (`marker(name)`); the template
    must print each one only through `{{ }}` escaping, `{% url %}` or
    `{% blocktranslate with %}`, never into a condition.
    """
    text = render_to_string(template_name, context, request)
    split = _MARK_RE.split(text)
    pieces, names = tuple(split[0::2]), tuple(split[1::2])
    unknown = set(names) - set(slots)
    if unknown:
        raise ValueError(f"{template_name} printed markers of unknown slots {sorted(unknown)}")
    return Shell(pieces=pieces, slots=names)
