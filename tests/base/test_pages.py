"""The Japanese site: home page, error pages, language switch and health check."""

import pytest
from django.test import override_settings
from django.urls import path

from base import demo
from base.views import server_error


@pytest.fixture
def home(db):
    return demo.seed()


def test_home_page_is_in_japanese_with_landmarks_and_skip_link(client, home):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<main" in html and "<footer" in html
    assert "伝達研修プラットフォーム" in html
    assert 'name="viewport"' in html


def test_unknown_address_gets_the_styled_japanese_404(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "お探しのページが見つかりません" in html
    assert "site.css" in html


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]
handler500 = server_error


@override_settings(ROOT_URLCONF=__name__)
def test_a_crash_gets_the_styled_japanese_500(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "エラーが発生しました" in response.content.decode()


def test_403_page_is_styled_and_japanese(client, oita, make_person):
    from accounts.models import Role

    client.force_login(make_person(oita, Role.TRAINEE))
    response = client.get("/prefecture/")
    assert response.status_code == 403
    assert "このページを表示する権限がありません" in response.content.decode()


def test_english_can_be_selected_and_is_compiled(client, home):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "Sign in" in html
    client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    assert "本文へ移動" in client.get("/").content.decode()


def test_health_check_reports_the_database(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_an_english_browser_still_gets_japanese_until_english_is_chosen(client, home):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ja">' in html
