"""Rendered fragments every reader shares, with the few per-reader marks put back cheaply.

The table of contents and the main navigation are the same markup for every reader
of a program or holder of a set of roles, apart from which link is the current page
(`aria-current`) and, in the contents, which lessons the reader has done. Rendering
them through the template language for each drawn page was a tenth of its CPU
(bench.pages). `Slotted` renders the fragment's own template once with every mark
on and once with the optional one off, and keeps the text between the marks, so the
template stays the only source of the markup and a request only joins strings.
Hand-written because Django's `{% cache %}` keeps whole fragments, not fragments
with holes.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


class _Every:
    """Equal to anything and containing anything: renders every item as current, or done."""

    def __eq__(self, other) -> bool:
        return True

    def __contains__(self, item) -> bool:
        return True

    __hash__ = object.__hash__


EVERY = _Every()
NOTHING = frozenset()


@dataclass(frozen=True)
class Slotted:
    """A rendered fragment split at each item's marks: `head`, then per item its pieces."""

    head: str
    # Per item: (text after the current mark up to the optional mark, text after it).
    items: tuple[tuple[str, str], ...]
    current: str
    optional: str

    def render(self, current: list[bool], optional: list[bool]) -> SafeString:
        """The fragment with the current mark on `current` items and the optional one on the others'."""
        parts = [self.head]
        for (before, after), is_current, has_optional in zip(
            self.items, current, optional, strict=True
        ):
            if is_current:
                parts.append(self.current)
            parts.append(before)
            if has_optional:
                parts.append(self.optional)
            parts.append(after)
        # Every piece came out of an autoescaping template render.
        return mark_safe("".join(parts))  # noqa: S308


def slotted(
    template_name: str, context_with, context_without, *, current: str, count: int
) -> Slotted:
    """Split a template rendered for `count` items at the literal `current` mark.

    `context_with(every)` and `context_without(every)` build the context with every
    item current and, respectively, every item's optional mark on and off. Item text
    is autoescaped, so `current` (an attribute with quotes) cannot occur inside it.
    """
    full = render_to_string(template_name, context_with(EVERY))
    bare = render_to_string(template_name, context_without(EVERY))
    full_parts, bare_parts = full.split(current), bare.split(current)
    if (
        len(full_parts) != count + 1
        or len(bare_parts) != count + 1
        or full_parts[0] != bare_parts[0]
    ):
        raise ValueError(f"{template_name} does not mark each of its {count} items once")
    items, optional = [], ""
    for with_mark, without in zip(full_parts[1:], bare_parts[1:], strict=True):
        cut = _common_prefix(with_mark, without)
        inserted = with_mark[cut : cut + len(with_mark) - len(without)]
        if with_mark != without[:cut] + inserted + without[cut:] or (
            optional and inserted != optional
        ):
            raise ValueError(f"{template_name} renders its optional mark differently per item")
        optional = optional or inserted
        items.append((without[:cut], without[cut:]))
    return Slotted(head=bare_parts[0], items=tuple(items), current=current, optional=optional)


def _common_prefix(a: str, b: str) -> int:
    """How many leading characters `a` and `b` share."""
    length = min(len(a), len(b))
    for index in range(length):
        if a[index] != b[index]:
            return index
    return length
