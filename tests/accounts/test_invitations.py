"""Invitations: a prefecture administrator invites, and only the invited person's acceptance grants."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organisation, Prefecture, Role, User

TYPED_NAME = "招待 太郎"
TYPED_FURIGANA = "しょうたい たろう"


@pytest.fixture
def oita_admin(oita, make_person):
    return make_person(oita, Role.PREFECTURE_ADMIN, email="admin.oita@example.jp")


@pytest.fixture
def admin_client(client, oita_admin):
    client.force_login(oita_admin)
    return client


@pytest.fixture
def kochi_trainee(kochi, make_person):
    return make_person(
        kochi,
        Role.TRAINEE,
        email="trainee3.kochi@example.jp",
        full_name="高知 三郎",
        furigana="こうち さぶろう",
    )


def invite_url(prefecture: Prefecture) -> str:
    return reverse("accounts:member_invite", kwargs={"slug": prefecture.slug})


def invite(client, prefecture, email, role=Role.TRAINEE, **extra):
    data = {"email": email, "full_name": TYPED_NAME, "furigana": TYPED_FURIGANA, "role": role}
    return client.post(invite_url(prefecture), {**data, **extra})


def make_invitation(prefecture, email, invited_by, role=Role.TRAINEE, **fields):
    from accounts.invitations import invitation_create

    return invitation_create(
        prefecture=prefecture,
        email=email,
        full_name=fields.pop("full_name", TYPED_NAME),
        furigana=fields.pop("furigana", TYPED_FURIGANA),
        role=role,
        organisation=fields.pop("organisation", None),
        invited_by=invited_by,
        site_url="http://testserver",
    )


def accept_url(invitation) -> str:
    return reverse("accounts:invitation", kwargs={"key": invitation.key})


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def invitation_row(html: str, email: str) -> str:
    [row] = [row for row in re.findall(r"<tr[^>]*>.*?</tr>", html, re.S) if email in row]
    return row.replace(email, "ADDRESS")


# The takeover of finding 3 is gone


def test_inviting_a_kochi_trainee_shows_nothing_about_them_and_grants_nothing(
    admin_client, oita, kochi_trainee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(admin_client, oita, "trainee3.kochi@example.jp")
    page = admin_client.get(response["Location"]).content.decode()
    assert "高知 三郎" not in page and "こうち さぶろう" not in page
    assert f"{TYPED_NAME} さんを受講者として招待しました。" in page
    assert not Membership.objects.filter(user=kochi_trainee, prefecture=oita).exists()
    kochi_trainee.refresh_from_db()
    assert kochi_trainee.full_name == "高知 三郎"


def test_an_existing_address_gets_the_same_answer_as_a_new_one(
    admin_client, oita, kochi_trainee, django_capture_on_commit_callbacks
):
    answers = []
    for email in ["trainee3.kochi@example.jp", "brand.new@example.jp"]:
        with django_capture_on_commit_callbacks(execute=True):
            response = invite(admin_client, oita, email)
        shown = [str(m) for m in get_messages(response.wsgi_request)]
        members = admin_client.get(response["Location"]).content.decode()
        answers.append(
            (
                response.status_code,
                response["Location"],
                shown,
                invitation_row(without_csrf(members), email),
            )
        )
    assert answers[0] == answers[1]
    assert "招待中" in answers[0][3] and TYPED_NAME in answers[0][3]


def test_admin_kochi_becomes_oita_administrator_only_by_accepting(
    admin_client, client_factory, oita, kochi, make_person, django_capture_on_commit_callbacks
):
    admin_kochi = make_person(kochi, Role.PREFECTURE_ADMIN, email="admin.kochi@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_client, oita, "admin.kochi@example.jp", role=Role.PREFECTURE_ADMIN)
    assert not Membership.objects.filter(user=admin_kochi, prefecture=oita).exists()
    assert list(Membership.objects.filter(user=admin_kochi).values_list("role", flat=True)) == [
        Role.PREFECTURE_ADMIN
    ]
    [message] = mail.outbox
    assert message.to == ["admin.kochi@example.jp"]
    key = re.search(r"/invitations/([0-9a-f-]{36})/", message.body).group(1)

    theirs = client_factory(admin_kochi)
    assert theirs.get(f"/invitations/{key}/").status_code == 200
    theirs.post(f"/invitations/{key}/", {"action": "accept"})
    assert Membership.objects.filter(
        user=admin_kochi, prefecture=oita, role=Role.PREFECTURE_ADMIN
    ).exists()


# Accepting and declining


@pytest.fixture
def client_factory():
    from django.test import Client

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


def test_only_the_invited_person_may_open_or_accept_the_invitation(
    oita, kochi_trainee, oita_admin, make_person, client_factory
):
    invitation = make_invitation(oita, "trainee3.kochi@example.jp", oita_admin)
    for stranger in [oita_admin, make_person(oita, Role.TRAINEE)]:
        other = client_factory(stranger)
        assert other.get(accept_url(invitation)).status_code == 404
        assert other.post(accept_url(invitation), {"action": "accept"}).status_code == 404
    assert not Membership.objects.filter(user=kochi_trainee, prefecture=oita).exists()
    assert not Membership.objects.filter(user=oita_admin, role=Role.TRAINEE).exists()

    mine = client_factory(kochi_trainee)
    page = mine.get(accept_url(invitation)).content.decode()
    assert "大分県" in page and "受講者" in page
    response = mine.post(accept_url(invitation), {"action": "accept"}, follow=True)
    assert "大分県の受講者になりました。" in response.content.decode()
    assert Membership.objects.filter(user=kochi_trainee, prefecture=oita).exists()


def test_signing_in_is_required_to_open_an_invitation(client, oita, oita_admin):
    invitation = make_invitation(oita, "somebody@example.jp", oita_admin)
    response = client.get(accept_url(invitation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_key_is_404(client_factory, kochi_trainee):
    url = reverse("accounts:invitation", kwargs={"key": "00000000-0000-0000-0000-000000000000"})
    assert client_factory(kochi_trainee).get(url).status_code == 404


def test_accepting_twice_grants_once_and_declining_grants_nothing(
    oita, oita_admin, kochi_trainee, make_person
):
    from accounts.invitations import InvitationError, invitation_accept, invitation_decline

    invitation = make_invitation(oita, "trainee3.kochi@example.jp", oita_admin)
    first = invitation_accept(invitation=invitation, user=kochi_trainee)
    second = invitation_accept(invitation=invitation, user=kochi_trainee)
    assert first == second
    assert Membership.objects.filter(user=kochi_trainee, prefecture=oita).count() == 1
    with pytest.raises(InvitationError) as refused:
        invitation_decline(invitation=invitation, user=kochi_trainee)
    assert refused.value.code == "used"

    other = make_person(None, email="other@example.jp")
    declined = make_invitation(oita, "other@example.jp", oita_admin)
    invitation_decline(invitation=declined, user=other)
    with pytest.raises(InvitationError) as refused:
        invitation_accept(invitation=declined, user=other)
    assert refused.value.code == "used"
    assert not Membership.objects.filter(user=other).exists()


def test_someone_else_is_refused_by_the_service_too(oita, oita_admin, kochi_trainee):
    from accounts.invitations import InvitationError, invitation_accept

    invitation = make_invitation(oita, "trainee3.kochi@example.jp", oita_admin)
    with pytest.raises(InvitationError) as refused:
        invitation_accept(invitation=invitation, user=oita_admin)
    assert refused.value.code == "not_addressee"
    assert not Membership.objects.filter(user=oita_admin, role=Role.TRAINEE).exists()


def test_an_expired_invitation_is_refused_with_a_japanese_message(
    oita, oita_admin, kochi_trainee, client_factory
):
    invitation = make_invitation(oita, "trainee3.kochi@example.jp", oita_admin)
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save(update_fields=["expires_at"])
    response = client_factory(kochi_trainee).post(
        accept_url(invitation), {"action": "accept"}, follow=True
    )
    assert "この招待は有効期限が切れています" in response.content.decode()
    assert not Membership.objects.filter(user=kochi_trainee, prefecture=oita).exists()


def test_declining_from_the_page_removes_the_invitation(
    oita, oita_admin, kochi_trainee, client_factory
):
    invitation = make_invitation(oita, "trainee3.kochi@example.jp", oita_admin)
    mine = client_factory(kochi_trainee)
    response = mine.post(accept_url(invitation), {"action": "decline"}, follow=True)
    assert "招待を辞退しました。" in response.content.decode()
    assert not Membership.objects.filter(user=kochi_trainee, prefecture=oita).exists()
    admin_page = client_factory(oita_admin).get(reverse("accounts:members", args=[oita.slug]))
    assert "trainee3.kochi@example.jp" not in admin_page.content.decode()


def test_an_unknown_action_changes_nothing(oita, oita_admin, kochi_trainee, client_factory):
    invitation = make_invitation(oita, "trainee3.kochi@example.jp", oita_admin)
    response = client_factory(kochi_trainee).post(accept_url(invitation), {"action": "grant"})
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and invitation.declined_at is None


# マイページ and the members page


def test_mypage_offers_the_pending_invitation_to_its_addressee_only(
    oita, oita_admin, kochi_trainee, client_factory
):
    invitation = make_invitation(oita, "trainee3.kochi@example.jp", oita_admin)
    page = client_factory(kochi_trainee).get(reverse("accounts:mypage")).content.decode()
    assert "届いている招待" in page
    assert accept_url(invitation) in page
    assert 'name="action" value="accept"' in page and "csrfmiddlewaretoken" in page
    assert accept_url(invitation) not in (
        client_factory(oita_admin).get(reverse("accounts:mypage")).content.decode()
    )


def test_reinviting_updates_the_pending_invitation(
    admin_client, oita, kochi_trainee, make_organisation, django_capture_on_commit_callbacks
):
    from accounts.models import Invitation

    organisation = make_organisation(oita)
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_client, oita, "trainee3.kochi@example.jp")
        invite(
            admin_client,
            oita,
            "Trainee3.Kochi@example.jp",
            role=Role.FACILITATOR,
            organisation=organisation.pk,
        )
    [invitation] = Invitation.objects.all()
    assert (invitation.email, invitation.role, invitation.organisation) == (
        "trainee3.kochi@example.jp",
        Role.FACILITATOR,
        organisation,
    )
    assert len(mail.outbox) == 2


def test_a_new_address_gets_an_account_without_password_and_no_role(
    admin_client, oita, make_organisation, django_capture_on_commit_callbacks, client_factory
):
    organisation = make_organisation(oita)
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_client, oita, "New.Person@Example.jp", organisation=organisation.pk)
    person = User.objects.get(email="new.person@example.jp")
    assert (person.full_name, person.furigana) == (TYPED_NAME, TYPED_FURIGANA)
    assert not person.has_usable_password()
    assert not person.memberships.exists()
    [message] = mail.outbox
    assert "/accounts/password/reset/key/" in message.body
    key = re.search(r"/invitations/([0-9a-f-]{36})/", message.body).group(1)
    client_factory(person).post(f"/invitations/{key}/", {"action": "accept"})
    membership = person.memberships.get()
    assert (membership.prefecture, membership.role, membership.organisation) == (
        oita,
        Role.TRAINEE,
        organisation,
    )


def test_accepting_an_administrator_invitation_opens_the_cms(oita, oita_admin, kochi_trainee):
    from accounts.invitations import invitation_accept

    invitation = make_invitation(
        oita, "trainee3.kochi@example.jp", oita_admin, role=Role.PREFECTURE_ADMIN
    )
    assert not kochi_trainee.groups.exists()
    invitation_accept(invitation=invitation, user=kochi_trainee)
    assert kochi_trainee.groups.filter(pk=Group.objects.get(name="都道府県担当者").pk).exists()


# Mail goes out only once the invitation is stored


def test_the_mail_is_sent_only_on_commit(admin_client, oita, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(admin_client, oita, "later@example.jp")
        assert mail.outbox == []
    assert callbacks
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["later@example.jp"]
    assert "大分県の伝達研修への招待" in message.subject


# Bad input


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "この項目は必須です"),
        ({"email": "", "full_name": "", "role": ""}, "この項目は必須です"),
        ({"email": "a" * 100_000, "full_name": "名前", "role": "trainee"}, "文字以下"),
        ({"email": "a@example.jp", "full_name": "名" * 100_000, "role": "trainee"}, "文字以下"),
        ({"email": "a@example.jp", "furigana": "ふ" * 100_000, "full_name": "名"}, "文字以下"),
        (
            {"email": "not-an-address", "full_name": "名前", "role": "trainee"},
            "有効なメールアドレス",
        ),
        (
            {"email": "a@example.jp", "full_name": "名前", "role": "x" * 100_000},
            "役割は一覧から選んでください",
        ),
        (
            {"email": "a@example.jp", "full_name": "名前", "role": "trainee", "organisation": "x"},
            "所属機関は一覧から選んでください",
        ),
        (
            {
                "email": "a@example.jp",
                "full_name": "名前",
                "role": "trainee",
                "organisation": str(2**63 + 1),
            },
            "所属機関は一覧から選んでください",
        ),
        (
            {"email": "a@example.jp", "full_name": "招待\ufffd太郎", "role": "trainee"},
            "文字化けした文字",
        ),
        (
            {
                "email": "a@example.jp",
                "full_name": "名前",
                "furigana": "\u202eたろう",
                "role": "trainee",
            },
            "制御文字",
        ),
        (
            {"email": "a@example.jp", "full_name": "招待\n太郎", "role": "trainee"},
            "制御文字",
        ),
    ],
)
def test_bad_input_gets_a_japanese_message_and_saves_nothing(
    admin_client, oita, data, message, django_capture_on_commit_callbacks
):
    from accounts.models import Invitation

    before = (User.objects.count(), Membership.objects.count(), Organisation.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(invite_url(oita), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    after = (User.objects.count(), Membership.objects.count(), Organisation.objects.count())
    assert after == before
    assert not Invitation.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("names", "field"),
    [({"full_name": "招待\ufffd太郎"}, "full_name"), ({"furigana": "たろう\x00"}, "furigana")],
)
def test_the_service_refuses_unprintable_names_without_saving(oita, oita_admin, names, field):
    from django.core.exceptions import ValidationError

    from accounts.models import Invitation

    users = User.objects.count()
    with pytest.raises(ValidationError) as error:
        make_invitation(oita, "new.person@example.jp", oita_admin, **names)
    assert field in error.value.message_dict
    assert User.objects.count() == users and not Invitation.objects.exists()
