"""The cached site lookup: it saves queries and still follows changes to sites and the home page."""

import pytest
from django.test import Client
from wagtail.models import Site

from base import demo as base_demo

pytestmark = pytest.mark.django_db


def test_the_home_page_title_change_shows_at_once(client: Client):
    home = base_demo.seed()
    assert client.get("/", HTTP_HOST="127.0.0.1").status_code == 200
    home.title = "新しいトップページ"
    home.save_revision().publish()
    page = client.get("/", HTTP_HOST="127.0.0.1").content.decode()
    assert "新しいトップページ" in page


def test_a_changed_site_root_is_followed(client: Client, catalogue):
    assert client.get("/programs/", HTTP_HOST="127.0.0.1").status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.root_page = catalogue
    site.save()
    # The catalogue is now the root, so its own path no longer routes below it.
    assert client.get("/programs/", HTTP_HOST="127.0.0.1").status_code == 404


def test_an_unpublished_home_page_is_not_served(client: Client):
    home = base_demo.seed()
    assert client.get("/", HTTP_HOST="127.0.0.1").status_code == 200
    home.unpublish()
    assert client.get("/", HTTP_HOST="127.0.0.1").status_code == 404
