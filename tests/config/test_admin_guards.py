"""Wagtail admin screens that crashed on purpose or on empty input answer like any other page."""

import json

import pytest
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db

#: each link chooser of the rich-text editor, with the form prefix and field its URL needs
CHOOSERS = {
    "wagtailadmin_choose_page_external_link": ("external-link-chooser", "url"),
    "wagtailadmin_choose_page_email_link": ("email-link-chooser", "email_address"),
    "wagtailadmin_choose_page_phone_link": ("phone-link-chooser", "phone_number"),
    "wagtailadmin_choose_page_anchor_link": ("anchor-link-chooser", "url"),
}
REQUIRED = "この項目は必須です"


@pytest.fixture
def cms_client(client, oita, make_person):
    """A prefecture administrator of 大分県, who may open the CMS."""
    client.force_login(make_person(oita, Role.PREFECTURE_ADMIN))
    return client


@pytest.mark.parametrize("who", ["anonymous", "cms"])
def test_the_failwhale_test_error_is_not_found_for_anyone(who, request):
    client = request.getfixturevalue("client" if who == "anonymous" else "cms_client")
    assert reverse("wagtailadmin_error_test") == "/admin/failwhale/"
    assert client.get("/admin/failwhale/").status_code == 404
    assert client.post("/admin/failwhale/").status_code == 404


def _form_step(response) -> tuple[str, str]:
    assert response.status_code == 200
    payload = json.loads(response.content)
    return payload["step"], payload.get("html", "")


@pytest.mark.parametrize("name", CHOOSERS)
def test_an_empty_post_to_a_link_chooser_gets_the_form_back_in_japanese(cms_client, name):
    step, html = _form_step(cms_client.post(reverse(name), {}))
    assert "chosen" not in step
    assert REQUIRED in html


@pytest.mark.parametrize("name", CHOOSERS)
@pytest.mark.parametrize("value", ["", "   ", "x" * 100_000, "\x00", "高知秘密"])
def test_bad_values_in_a_link_chooser_never_500(cms_client, name, value):
    prefix, field = CHOOSERS[name]
    response = cms_client.post(
        reverse(name), {f"{prefix}-{field}": value, f"{prefix}-link_text": value}
    )
    assert response.status_code == 200
    assert json.loads(response.content)["step"]


def test_a_good_external_link_is_still_chosen(cms_client):
    response = cms_client.post(
        reverse("wagtailadmin_choose_page_external_link"),
        {
            "external-link-chooser-url": "https://www.pref.oita.jp/",
            "external-link-chooser-link_text": "",
        },
    )
    payload = json.loads(response.content)
    assert payload["step"] == "external_link_chosen"
    assert payload["result"]["url"] == "https://www.pref.oita.jp/"


@pytest.mark.parametrize("name", CHOOSERS)
def test_the_link_choosers_still_refuse_anyone_outside_the_cms(client, oita, make_person, name):
    login = reverse("account_login")
    assert client.post(reverse(name), {})["Location"].startswith(login + "?")
    client.force_login(make_person(oita, Role.TRAINEE))
    assert client.post(reverse(name), {}).status_code == 403  # base.views.cms_access_required


def test_every_guarded_route_is_registered_once():
    from base.admin_guards import REPLACEMENTS

    from ..security.matrix import url_entries

    names = [entry.name for entry in url_entries()]
    assert all(names.count(name) == 1 for name in REPLACEMENTS)
