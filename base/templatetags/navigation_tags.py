"""Template tags for links found by page lookup rather than typed paths."""

from django import template

from base import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def section_url(context, page_type: str) -> str | None:
    """The URL of the live section page of `page_type` ("courses.ProgramIndexPage"), or None."""
    return navigation.page_url(context.get("request"), page_type)
