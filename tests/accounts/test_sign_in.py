"""Signing in through allauth: errors in Japanese, rate limits, closed sign-up, second factor."""

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import Role

from ..conftest import PASSWORD


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_the_right_password_signs_in_and_lands_on_mypage(client, oita, make_person):
    make_person(oita, Role.TRAINEE, email="hanako@example.jp")
    response = _login(client, "hanako@example.jp", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mypage")


def test_a_wrong_password_gets_a_japanese_error_on_the_form(client, oita, make_person):
    make_person(oita, Role.TRAINEE, email="hanako@example.jp")
    response = _login(client, "hanako@example.jp", "wrong-password")
    assert response.status_code == 200
    assert (
        "入力されたメールアドレスもしくはパスワードが正しくありません" in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_repeated_failures_are_rate_limited_even_with_the_right_password(client, oita, make_person):
    make_person(oita, Role.TRAINEE, email="hanako@example.jp")
    for _ in range(5):
        _login(client, "hanako@example.jp", "wrong-password")
    response = _login(client, "hanako@example.jp", PASSWORD)
    assert "ログイン失敗が連続しています" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unknown_address_gets_the_same_answer_as_a_wrong_password(client, oita, make_person):
    make_person(oita, Role.TRAINEE, email="hanako@example.jp")
    known = _login(client, "hanako@example.jp", "wrong-password").content.decode()
    unknown = _login(client, "nobody@example.jp", "wrong-password").content.decode()
    marker = "入力されたメールアドレスもしくはパスワードが正しくありません"
    assert marker in known and marker in unknown


def test_password_reset_does_not_reveal_whether_an_address_is_registered(client, oita, make_person):
    make_person(oita, Role.TRAINEE, email="hanako@example.jp")
    known = client.post(reverse("account_reset_password"), {"email": "hanako@example.jp"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.jp"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    links = [m for m in mail.outbox if "/accounts/password/reset/key/" in m.body]
    assert [m.to for m in links] == [["hanako@example.jp"]]


def test_open_sign_up_is_off_by_default(client, db):
    response = client.get(reverse("account_signup"))
    assert "現在ユーザー登録を停止しています" in response.content.decode()
    login_page = client.get(reverse("account_login")).content.decode()
    assert "招待で作成されます" in login_page


@override_settings(OPEN_SIGNUP=True)
def test_open_sign_up_can_be_switched_on_and_asks_for_name_and_verification(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.jp",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "full_name": "新規 登録者",
            "furigana": "しんき とうろくしゃ",
        },
    )
    assert response.status_code == 302
    from accounts.models import User

    user = User.objects.get(email="newcomer@example.jp")
    assert user.full_name == "新規 登録者"
    assert any("newcomer@example.jp" in m.to for m in mail.outbox)
    assert not user.emailaddress_set.get().verified


def test_csrf_is_enforced_on_sign_in(oita, make_person):
    make_person(oita, Role.TRAINEE, email="hanako@example.jp")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("account_login"), {"login": "hanako@example.jp", "password": PASSWORD}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("role", [Role.PREFECTURE_ADMIN])
@override_settings(MFA_REQUIRED_FOR_PREFECTURE_ADMINS=True)
def test_when_required_an_administrator_without_totp_is_sent_to_set_it_up(
    client, oita, make_person, role
):
    client.force_login(make_person(oita, role))
    response = client.get(reverse("accounts:mypage"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Setting up a factor asks for the password again, and that page is reachable.
    setup = client.get(reverse("mfa_activate_totp"), follow=True)
    assert setup.status_code == 200
    assert setup.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


@override_settings(MFA_REQUIRED_FOR_PREFECTURE_ADMINS=True)
def test_a_trainee_is_not_forced_into_two_factor(client, oita, make_person):
    client.force_login(make_person(oita, Role.TRAINEE))
    assert client.get(reverse("accounts:mypage")).status_code == 200


@override_settings(MFA_REQUIRED_FOR_PREFECTURE_ADMINS=True)
def test_an_administrator_with_totp_passes(client, oita, make_person):
    from allauth.mfa.models import Authenticator

    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(admin)
    assert client.get(reverse("accounts:mypage")).status_code == 200


def test_totp_can_be_set_up_by_anyone(client, oita, make_person):
    make_person(oita, Role.TRAINEE, email="hanako@example.jp")
    _login(client, "hanako@example.jp", PASSWORD)
    # allauth asks for the password again before a factor is added.
    assert client.get(reverse("mfa_activate_totp")).status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="code"' in html
    assert "otpauth://" in html or "svg" in html


def test_wagtail_admin_sign_in_goes_through_allauth(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
