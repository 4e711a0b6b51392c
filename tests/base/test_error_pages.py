"""Branded Japanese pages for a bad request (400) and a failed CSRF check (403)."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path, reverse

from accounts.models import Role
from base import demo
from base.views import bad_request
from config import urls as project_urls

pytestmark = pytest.mark.django_db


def _assert_branded(response) -> str:
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "site.css" in html and 'class="site-header"' in html
    assert "Content-Security-Policy" in response.headers
    return html


def test_a_post_without_a_csrf_token_gets_the_japanese_page(oita, make_person):
    demo.seed()
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@example.jp", "password": "x"})
    assert response.status_code == 403
    html = _assert_branded(response)
    assert "送信を受け付けられませんでした" in html
    assert "再読み込み" in html and "Cookie" in html
    assert "CSRF verification failed" not in html


def test_a_signed_in_persons_csrf_failure_is_branded_and_private(oita, make_person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_person(oita, Role.TRAINEE, full_name="大分 花子"))
    response = client.post(reverse("account_logout"))
    assert response.status_code == 403
    html = _assert_branded(response)
    assert "送信を受け付けられませんでした" in html
    assert "大分 花子" in html  # the layout still knows who is signed in
    assert "no-store" in response["Cache-Control"]


def test_an_unknown_host_gets_the_japanese_400(client):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    html = _assert_branded(response)
    assert "リクエストを処理できませんでした" in html
    assert "Bad Request" not in html


def _suspicious(request):
    raise SuspiciousOperation("tampered")


urlpatterns = [path("suspicious/", _suspicious), *project_urls.urlpatterns]
handler400 = bad_request


@override_settings(ROOT_URLCONF=__name__)
def test_a_suspicious_request_gets_the_japanese_400(client):
    response = client.get("/suspicious/")
    assert response.status_code == 400
    assert "リクエストを処理できませんでした" in _assert_branded(response)


def test_the_project_urlconf_names_the_400_handler():
    assert project_urls.handler400 == "base.views.bad_request"
