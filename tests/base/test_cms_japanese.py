"""The Japanese CMS speaks Japanese: stored names, what Wagtail's catalogue lacks, and field labels."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from wagtail.models import Task, Workflow

pytestmark = pytest.mark.django_db


def test_the_default_workflow_and_its_task_have_japanese_names():
    names = set(Workflow.objects.values_list("name", flat=True))
    assert "Moderators approval" not in names and "承認（モデレーター）" in names
    assert set(Task.objects.values_list("name", flat=True)) == {"承認（モデレーター）"}
    workflow = Workflow.objects.get(name="承認（モデレーター）")
    with translation.override("ja"):
        label = gettext("Submit to %(workflow_name)s") % {"workflow_name": workflow.name}
    assert re.search(r"[A-Za-z]", label) is None


def test_group_names_the_code_relies_on_are_left_alone():
    # base/demo.py, the CMS permissions and tests find these groups by name.
    assert Group.objects.filter(name="Editors").exists()


@pytest.mark.parametrize(
    "msgid",
    [
        "There are no %(model_name)s to display.",
        "No %(model_name)s match your query.",
        "Search all pages…",
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?',
    ],
)
def test_what_wagtails_japanese_catalogue_lacks_is_filled(msgid):
    with translation.override("ja"):
        text = gettext(msgid)
    assert text != msgid
    assert re.search(r"[\u3040-\u30ff]", text)


def test_the_page_count_on_the_dashboard_is_japanese():
    singular = '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>'
    plural = '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>'
    with translation.override("ja"):
        text = ngettext(singular, plural, 29) % {"total": 29, "site_name": "つなぐ"}
    assert text.startswith("29ページ") and "Pages" not in text


def _editor():
    from accounts.models import User

    return User.objects.create_user(
        email="cms.editor@example.jp", full_name="編集 担当", is_superuser=True
    )


def test_the_dashboard_and_its_scripts_are_japanese():
    client = Client()
    client.force_login(_editor())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Search all pages" not in html and "すべてのページを検索" in html
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    assert not re.search(r"\d+ Pages?\b", text)
    script = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert "Collapse all" in script and (
        "すべて折りたたむ" in script or "\\u3059\\u3079\\u3066" in script
    )


def test_the_review_screen_names_the_fields_by_their_verbose_names(imported_case, reviewer):
    client = Client()
    client.force_login(reviewer)
    url = reverse("casestudies_admin:review", kwargs={"page_id": imported_case.pk})
    soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    section = soup.find(id="original-heading").find_parent("section")
    headings = [h3.get_text(strip=True) for h3 in section.find_all("h3")]
    assert headings and "概要" in headings and "背景・地域の特徴" in headings
    assert not {"title", "summary", "background"} & set(headings)
