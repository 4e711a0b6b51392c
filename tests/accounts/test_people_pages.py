"""The prefecture administrator's people pages: inviting people and keeping organisations."""

from types import SimpleNamespace
from unittest import mock

import django_ratelimit.core
import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, Membership, Organisation, Role, User

#: a fixed instant for django_ratelimit's clock (2027-01-15, any value serves)
FROZEN = 1_800_000_000.0


@pytest.fixture
def admin_client(client, oita, make_person):
    client.force_login(make_person(oita, Role.PREFECTURE_ADMIN))
    return client


def test_invitation_creates_the_person_and_mails_a_set_password_link(
    admin_client, oita, make_organisation, django_capture_on_commit_callbacks
):
    organisation = make_organisation(oita)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("accounts:member_invite", kwargs={"slug": oita.slug}),
            {
                "email": "New.Trainee@Example.jp",
                "full_name": "新人 受講者",
                "furigana": "しんじん じゅこうしゃ",
                "role": Role.TRAINEE,
                "organisation": organisation.pk,
            },
            follow=True,
        )
    assert "新人 受講者 さんを受講者として招待しました。" in response.content.decode()
    person = User.objects.get(email="new.trainee@example.jp")
    # Nothing is granted until the person accepts (tests/accounts/test_invitations.py).
    assert not Membership.objects.filter(user=person).exists()
    invitation = Invitation.objects.get(email="new.trainee@example.jp")
    assert (invitation.prefecture, invitation.role, invitation.organisation) == (
        oita,
        Role.TRAINEE,
        organisation,
    )
    assert not person.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["new.trainee@example.jp"]
    assert "大分県の伝達研修への招待" in message.subject
    assert "/accounts/password/reset/key/" in message.body
    assert f"/invitations/{invitation.key}/" in message.body


def test_inviting_a_known_person_makes_no_second_account_and_adds_no_role_yet(
    admin_client, oita, make_person, django_capture_on_commit_callbacks
):
    person = make_person(oita, Role.TRAINEE, email="known@example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("accounts:member_invite", kwargs={"slug": oita.slug}),
            {"email": "known@example.jp", "full_name": "既存", "role": Role.FACILITATOR},
        )
    assert User.objects.filter(email="known@example.jp").count() == 1
    assert set(person.memberships.values_list("role", flat=True)) == {Role.TRAINEE}
    body = mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in body
    assert "ログインしてから次のリンクを開き" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"email": "not-an-address", "full_name": "名前", "role": "trainee"},
            "有効なメールアドレス",
        ),
        ({"email": "a@example.jp", "full_name": "", "role": "trainee"}, "この項目は必須です"),
        (
            {"email": "a@example.jp", "full_name": "名前", "role": "owner"},
            "役割は一覧から選んでください",
        ),
        (
            {
                "email": "a@example.jp",
                "full_name": "名前",
                "role": "trainee",
                "organisation": "99999",
            },
            "所属機関は一覧から選んでください",
        ),
    ],
)
def test_bad_invitations_get_a_japanese_message_and_save_nothing(admin_client, oita, data, message):
    response = admin_client.post(
        reverse("accounts:member_invite", kwargs={"slug": oita.slug}), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email="a@example.jp").exists()
    assert mail.outbox == []


def test_an_organisation_of_another_prefecture_cannot_be_chosen(
    admin_client, oita, kochi, make_organisation
):
    theirs = make_organisation(kochi)
    response = admin_client.post(
        reverse("accounts:member_invite", kwargs={"slug": oita.slug}),
        {
            "email": "b@example.jp",
            "full_name": "名前",
            "role": "trainee",
            "organisation": theirs.pk,
        },
    )
    assert "所属機関は一覧から選んでください" in response.content.decode()
    assert not User.objects.filter(email="b@example.jp").exists()


def test_members_can_be_filtered_by_role(admin_client, oita, make_person):
    make_person(oita, Role.TRAINEE, full_name="受講 一郎")
    make_person(oita, Role.FACILITATOR, full_name="進行 二郎")
    html = admin_client.get(
        reverse("accounts:members", kwargs={"slug": oita.slug}), {"role": "facilitator"}
    ).content.decode()
    assert "進行 二郎" in html
    assert "受講 一郎" not in html


def test_organisations_are_added_and_edited(admin_client, oita):
    url = reverse("accounts:organisations", kwargs={"slug": oita.slug})
    admin_client.post(
        url, {"name": "別府市社会福祉協議会", "kind": "shakyo", "municipality": "別府市"}
    )
    organisation = Organisation.objects.get(name="別府市社会福祉協議会")
    assert organisation.prefecture == oita
    admin_client.post(
        reverse("accounts:organisation_edit", kwargs={"pk": organisation.pk}),
        {"name": "別府市社協", "kind": "shakyo", "municipality": "別府市"},
    )
    organisation.refresh_from_db()
    assert organisation.name == "別府市社協"


def test_a_duplicate_or_invalid_organisation_gets_a_japanese_message(admin_client, oita):
    url = reverse("accounts:organisations", kwargs={"slug": oita.slug})
    admin_client.post(url, {"name": "同名機関", "kind": "other", "municipality": "大分市"})
    response = admin_client.post(
        url, {"name": "同名機関", "kind": "other", "municipality": "大分市"}
    )
    assert "同じ市区町村に同じ名前の機関がすでにあります" in response.content.decode()
    response = admin_client.post(url, {"name": "", "kind": "unknown"})
    assert "この項目は必須です" in response.content.decode()
    assert Organisation.objects.filter(name="同名機関").count() == 1


def test_posting_is_rate_limited_with_a_japanese_page(admin_client, oita):
    url = reverse("accounts:organisations", kwargs={"slug": oita.slug})
    # django_ratelimit counts in fixed windows of its own time.time() (core._get_window):
    # 31 posts that straddle a window's end are split over two counts, so its clock stands still.
    with mock.patch.object(django_ratelimit.core, "time", SimpleNamespace(time=lambda: FROZEN)):
        responses = [
            admin_client.post(url, {"name": f"機関{i}", "kind": "other"}) for i in range(31)
        ]
    assert [response.status_code for response in responses[:30]] == [302] * 30
    assert responses[30].status_code == 429
    assert "操作が続けて行われました" in responses[30].content.decode()
    assert Organisation.objects.filter(prefecture=oita).count() == 30


def test_mypage_shows_the_persons_roles(client, oita, make_person):
    client.force_login(make_person(oita, Role.TRAINEE, full_name="大分 花子"))
    html = client.get(reverse("accounts:mypage")).content.decode()
    assert "大分 花子 さん、ようこそ。" in html
    assert "大分県" in html and "受講者" in html
