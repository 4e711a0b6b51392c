"""Fragments kept rendered (base/fragments.py) come out as their templates render them."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from base import fragments, navigation

LINKS = (
    navigation.NavLink(label="研修", url="/programs/", url_name=""),
    navigation.NavLink(label="事例 & <資料>", url="/cases/?a=1&b=2", url_name=""),
    navigation.NavLink(label="マイページ", url="/mypage/", url_name="accounts:mypage"),
)


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("path", ["/programs/", "/mypage/", "/elsewhere/"])
def test_the_kept_navigation_is_the_template_with_this_pages_link_current(db, language, path):
    request = RequestFactory().get(path)
    with translation.override(language):
        kept = navigation.rendered(request, LINKS)
        plain = render_to_string(navigation.NAV_TEMPLATE, {"nav_items": LINKS, "request": request})
    assert kept == plain
    assert kept.count('aria-current="page"') == (path != "/elsewhere/")


def test_each_language_keeps_its_own_navigation(db):
    request = RequestFactory().get("/programs/")
    with translation.override("ja"):
        japanese = navigation.rendered(request, LINKS)
    with translation.override("en"):
        english = navigation.rendered(request, LINKS)
    assert 'aria-label="メインメニュー"' in japanese
    assert 'aria-label="Main menu"' in english


def test_a_template_that_does_not_mark_every_item_is_refused(db):
    with pytest.raises(ValueError, match="does not mark each"):
        fragments.slotted(
            navigation.NAV_TEMPLATE,
            lambda every: {"nav_items": LINKS, "request": None},
            lambda every: {"nav_items": LINKS, "request": None},
            current=' aria-current="page"',
            count=len(LINKS),
        )


def test_fixed_urls_are_what_reverse_gives(db):
    from django.urls import reverse, set_script_prefix

    assert navigation.fixed_url("search") == reverse("search")
    set_script_prefix("/sub/")
    try:
        assert navigation.fixed_url("search") == reverse("search")
        assert navigation.fixed_url("search").startswith("/sub/")
    finally:
        set_script_prefix("/")
