"""マイページ sections: each app registers what it shows a signed-in person there."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One block of マイページ: a template and a function giving its context (or None to hide)."""

    template: str
    context: Callable[[object], dict | None]
    order: int = 100


_sections: list[Section] = []


def register(template: str, context: Callable[[object], dict | None], order: int = 100) -> None:
    """Add a マイページ section; apps call this from AppConfig.ready()."""
    section = Section(template=template, context=context, order=order)
    if section not in _sections:
        _sections.append(section)


def sections_for(request) -> list[dict]:
    """The sections a person sees, in order, each with its template and context."""
    shown = []
    for section in sorted(_sections, key=lambda s: s.order):
        context = section.context(request)
        if context is not None:
            shown.append({"template": section.template, **context})
    return shown
