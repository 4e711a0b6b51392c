"""Everyone finds the catalogue and the case studies; the CMS and the favicon answer without loops."""

import re

import pytest
from django.test import Client

from accounts.models import Role
from base import demo, navigation

pytestmark = pytest.mark.django_db


def _header_links(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert nav, "the page has no main menu"
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(0))


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


@pytest.fixture
def sections(catalogue, case_index):
    """The demo's two section pages, under the home page, with non-default slugs."""
    catalogue.slug = "catalogue"
    catalogue.save_revision().publish()
    case_index.slug = "jirei"
    case_index.save_revision().publish()
    return catalogue, case_index


def test_anonymous_visitors_see_the_catalogue_the_cases_and_what_the_platform_offers(
    client, sections
):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    # Found by page lookup, so the editor's slug is followed.
    assert ("/catalogue/", "研修プログラム") in _header_links(html)
    assert ("/jirei/", "事例") in _header_links(html)
    assert {"/catalogue/", "/jirei/", "/accounts/login/"} <= _links(html)
    for offer in ("つなぐでできること", "グループワーク", "修了証", "相談支援員"):
        assert offer in html


def test_signed_in_people_see_both_in_the_header_on_home_and_on_mypage(oita, make_person, sections):
    client = Client()
    client.force_login(make_person(oita, Role.TRAINEE))
    home = client.get("/").content.decode()
    assert [label for _url, label in _header_links(home)] == [
        "マイページ",
        "研修プログラム",
        "事例",
        "グループワーク",
    ]
    assert {"/catalogue/", "/jirei/"} <= _links(home)
    assert "つなぐでできること" not in home  # the introduction is for visitors
    mypage = client.get("/mypage/").content.decode()
    assert ("/catalogue/", "研修プログラム") in _header_links(mypage)
    body = mypage.split('<main id="main"', 1)[1]
    assert {"/catalogue/", "/jirei/"} <= _links(body)


def test_a_section_that_is_not_live_is_not_linked(client, sections):
    catalogue, _cases = sections
    catalogue.unpublish()
    html = client.get("/").content.decode()
    assert "/catalogue/" not in _links(html)
    assert ("/jirei/", "事例") in _header_links(html)


def test_the_link_follows_a_moved_slug_at_once(client, sections):
    catalogue, _cases = sections
    client.get("/")  # fills the per-process lookup
    catalogue.slug = "programs"
    catalogue.save_revision().publish()
    assert ("/programs/", "研修プログラム") in _header_links(client.get("/").content.decode())


def test_a_site_without_sections_links_neither(client):
    demo.seed()
    html = client.get("/").content.decode()
    assert "研修プログラム一覧" not in html
    assert navigation.page_url(None, "courses.ProgramIndexPage") is None


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.COMMITTEE, Role.FACILITATOR])
def test_people_without_cms_rights_get_a_403_page_that_explains_the_cms(oita, make_person, role):
    demo.seed()
    client = Client()
    client.force_login(make_person(oita, role))
    for path in ("/admin/", "/admin/pages/"):
        response = client.get(path)
        assert response.status_code == 403, (path, response.status_code, response.get("Location"))
        html = response.content.decode()
        assert 'class="site-header"' in html and '<html lang="ja">' in html
        assert "管理画面" in html
        assert "都道府県の担当者" in html
        assert "研修プログラム" in html and "事例" in html


def test_anonymous_people_are_still_sent_to_sign_in_for_the_cms(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_editors_and_prefecture_administrators_still_open_the_cms(oita, make_person):
    demo.seed()
    client = Client()
    client.force_login(make_person(oita, Role.PREFECTURE_ADMIN))
    assert client.get("/admin/").status_code == 200


def test_the_favicon_is_served_and_linked(client):
    demo.seed()
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert [status for _url, status in response.redirect_chain] == [302]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.lstrip().startswith(b"<svg")
    assert 'rel="icon"' in client.get("/").content.decode()


def test_a_program_page_links_its_lessons_only_for_people_who_may_read_them(
    oita, make_person, make_program, enrolled_trainee
):
    program = make_program(lessons=2)
    lesson_urls = {lesson.url for lesson in program.get_children().live()}
    trainee, _enrollment = enrolled_trainee(program, oita)
    outsider = make_person(oita, Role.TRAINEE)
    for person, linked in ((None, False), (outsider, False), (trainee, True)):
        client = Client()
        if person is not None:
            client.force_login(person)
        html = client.get(program.url).content.decode()
        assert (lesson_urls <= _links(html)) is linked, person
        assert all(lesson.title in html for lesson in program.get_children().live())


def test_a_case_links_its_related_lessons_only_for_people_who_may_read_them():
    from io import StringIO

    from django.core.management import call_command

    from accounts.models import User
    from casestudies.models import CaseStudyPage

    call_command("seed_demo", "--password", "demo-pass-123", stdout=StringIO())
    case = CaseStudyPage.objects.live().filter(related_lessons__isnull=False).first()
    lesson_urls = {lesson.url for lesson in case.related_lessons.all()}
    anonymous = Client().get(case.url).content.decode()
    assert not lesson_urls & _links(anonymous)
    assert all(lesson.title in anonymous for lesson in case.related_lessons.all())
    trainee = Client()
    trainee.force_login(User.objects.get(email="trainee.oita@example.jp"))
    assert lesson_urls <= _links(trainee.get(case.url).content.decode())
