"""The Wagtail admin in Japanese, with 氏名 and ふりがな on its user screens."""

import pytest
from django.urls import reverse

from accounts.models import User


def test_the_cms_speaks_japanese_to_editors(client, db):
    from django.contrib.auth.models import Group

    editor = User.objects.create_user(email="editor@example.jp", password="x" * 12)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'lang="ja"' in response.content.decode()


def test_a_cms_administrator_creates_a_user_with_name_and_furigana(client, db):
    admin = User.objects.create_superuser(email="root@example.jp", password="x" * 12)
    client.force_login(admin)
    page = client.get("/admin/users/new/")
    assert page.status_code == 200
    assert "ふりがな" in page.content.decode()
    response = client.post(
        "/admin/users/new/",
        {
            "email": "new.editor@example.jp",
            "full_name": "新任 編集者",
            "furigana": "しんにん へんしゅうしゃ",
            "password1": "",
            "password2": "",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(email="new.editor@example.jp")
    assert (created.full_name, created.furigana) == ("新任 編集者", "しんにん へんしゅうしゃ")


def test_a_trainee_cannot_open_the_cms(client, oita, make_person):
    client.force_login(make_person(oita))
    response = client.get("/admin/")
    # A clear page instead of the old loop between /admin/ and the login page.
    assert response.status_code == 403
    assert "管理画面を開く権限がありません" in response.content.decode()


# Deleting people whom the group-work record names


@pytest.fixture
def author_with_post(oita, make_workshop):
    from workshops.models import Post, PostKind

    setup = make_workshop(oita, trainees=2, group_size=2)
    author = setup.trainee_in(1)
    group = setup.workshop.groups.get(number=1)
    Post.objects.create(
        group=group, author=author, kind=PostKind.values[0], text="意見", seq=1, client_id="c-1"
    )
    return author


@pytest.fixture
def cms_admin_client(client, db):
    client.force_login(User.objects.create_superuser(email="root@example.jp", password="x" * 12))
    return client


def test_deleting_a_user_named_by_group_work_posts_is_refused_in_japanese(
    cms_admin_client, author_with_post
):
    from wagtail.models import ModelLogEntry

    logs = ModelLogEntry.objects.count()
    url = reverse("wagtailusers_users:delete", args=[author_with_post.pk])
    response = cms_admin_client.post(url, follow=True)
    assert response.status_code == 200
    assert "削除できません" in response.content.decode()
    assert User.objects.filter(pk=author_with_post.pk, is_active=True).exists()
    assert ModelLogEntry.objects.count() == logs


def test_bulk_deleting_refuses_all_when_one_is_named_by_posts(
    cms_admin_client, author_with_post, oita, make_person
):
    other = make_person(oita)
    url = (
        reverse("wagtail_bulk_action", args=("accounts", "user", "delete"))
        + f"?id={author_with_post.pk}&id={other.pk}"
    )
    response = cms_admin_client.post(url, follow=True)
    assert response.status_code == 200
    assert "削除できません" in response.content.decode()
    assert User.objects.filter(pk__in=[author_with_post.pk, other.pk]).count() == 2


def test_a_user_without_records_is_still_deleted_and_their_sockets_told(
    cms_admin_client, oita, make_person, django_capture_on_commit_callbacks
):
    person = make_person(oita)
    url = reverse("wagtailusers_users:delete", args=[person.pk])
    with django_capture_on_commit_callbacks() as callbacks:
        response = cms_admin_client.post(url)
    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert len(callbacks) >= 1
