"""The verify result a first visitor gets from the kept shell is the page the template renders."""

import re

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from certificates import selectors, services, verify, verify_shell
from certificates.models import Certificate

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def two_issued(cohort_with_trainees, issuing_prefecture):
    """Two valid certificates of one cohort, one holder's name full of HTML's own characters."""
    _prefecture, admin = issuing_prefecture
    _cohort, enrollments = cohort_with_trainees(["𠮷田 花子", "山田 太郎"])
    first, second = (
        services.certificate_issue(enrollment=enrollment, by=admin) for enrollment in enrollments
    )
    Certificate.objects.filter(pk=first.pk).update(holder_name="<b>𠮷田</b> & \"花子\" 'x'")
    return first, second, admin


def _get(client, code, language="ja"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("verify:code", kwargs={"code": code}))


def _template_render(response, code) -> str:
    """What the template itself renders for this request and certificate, with no shell."""
    request = response.wsgi_request
    certificate = selectors.certificate_by_code(code)
    context = {
        "c": verify.public_fields(certificate),
        "check_form": verify.PdfCheckForm(),
        "verdict": None,
        "pdf_max": "5 MB",
        "valid": certificate.status == "valid",
    }
    return render_to_string(verify_shell.TEMPLATE, context, request)


def _same_page(response, code, language) -> None:
    with translation.override(language):
        expected = _template_render(response, code)
    assert response.status_code == 200
    assert _TOKEN.sub("TOKEN", response.content.decode()) == _TOKEN.sub("TOKEN", expected)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_status_reads_as_the_template_renders_it(client, two_issued, language):
    first, second, admin = two_issued
    _same_page(_get(client, first.code, language), first.code, language)
    services.certificate_revoke(certificate=second, by=admin, reason="受講資格の誤り")
    _same_page(_get(client, second.code, language), second.code, language)
    new = services.certificate_reissue(certificate=first, by=admin, reason="氏名の誤字")
    _same_page(_get(client, first.code, language), first.code, language)
    _same_page(_get(client, new.code, language), new.code, language)


def test_each_visit_shows_its_own_certificate_and_escapes_it(client, two_issued):
    first, second, _admin = two_issued
    page_one = _get(client, first.code).content.decode()
    page_two = _get(client, second.code).content.decode()
    assert "&lt;b&gt;𠮷田&lt;/b&gt; &amp; &quot;花子&quot; &#x27;x&#x27;" in page_one
    assert "<b>𠮷田</b>" not in page_one
    assert "山田 太郎" in page_two
    assert "𠮷田" not in page_two and first.code not in page_two and first.number not in page_two
    assert f'name="next" type="hidden" value="/verify/{second.code}/"' in page_two


def test_a_revocation_shows_on_the_very_next_visit(client, two_issued):
    first, _second, admin = two_issued
    assert "この修了証は「有効」です" in _get(client, first.code).content.decode()
    services.certificate_revoke(certificate=first, by=admin, reason="受講資格の誤り")
    assert "この修了証は「失効」です" in _get(client, first.code).content.decode()


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())[1]


def test_each_visitor_gets_a_token_of_their_own_that_the_pdf_check_takes(two_issued):
    first, _second, _admin = two_issued
    url = reverse("verify:code", kwargs={"code": first.code})
    one, two = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one, page_two = one.get(url), two.get(url)
    assert "csrftoken" in page_one.cookies and "csrftoken" in page_two.cookies
    assert page_one.cookies["csrftoken"].value != page_two.cookies["csrftoken"].value
    # Past the CSRF check, the form asks for a file; another visitor's token is refused.
    assert one.post(url, {"csrfmiddlewaretoken": _token(page_one)}).status_code == 400
    assert two.post(url, {"csrfmiddlewaretoken": _token(page_two)}).status_code == 400
    assert one.post(url, {"csrfmiddlewaretoken": _token(page_two)}).status_code == 403


def test_a_signed_in_visitor_and_waiting_messages_get_the_template_render(rf, client, two_issued):
    first, _second, admin = two_issued
    request = rf.get("/verify/x/")
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)
    assert verify_shell.applies(request)
    request._messages.add(messages.INFO, "保存しました。")
    assert not verify_shell.applies(request)
    assert len(request._messages) == 1  # looked at, not used up
    request._messages = CookieStorage(request)
    request.user = admin
    assert not verify_shell.applies(request)
    client.force_login(admin)
    page = _get(client, first.code).content.decode()
    assert admin.get_full_name() in page
