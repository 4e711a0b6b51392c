"""Template tags for links found by page lookup rather than typed paths."""

from django import template

from base import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def section_url(context, page_type: str) -> str | None:
    """The URL of the live section page of `page_type` ("courses.ProgramIndexPage"), or None."""
    return navigation.page_url(context.get("request"), page_type)


@register.simple_tag(takes_context=True)
def site_nav(context) -> str:
    """The main navigation (`base/_site_nav.html`), kept rendered per set of links and language."""
    return navigation.rendered(context.get("request"), context.get("nav_items", ()))


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% url name %}` for a URL without arguments, kept per process (base.navigation.fixed_url)."""
    return navigation.fixed_url(name)
