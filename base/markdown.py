"""Markdown to safe HTML: editors write Markdown, nh3 removes anything that could run."""

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
    "ruby",
    "rt",
    "rp",
    "mark",
    "small",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
# No javascript:, data: or vbscript: links, whatever the Markdown says.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(source: str) -> SafeString:
    """Render Markdown and sanitise the result; the only way Markdown reaches a page."""
    html = md.markdown(source or "", extensions=["tables", "sane_lists", "fenced_code"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - nh3 has just removed everything unsafe
