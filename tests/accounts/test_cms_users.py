"""The Wagtail admin in Japanese, with 氏名 and ふりがな on its user screens."""

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
    assert response.status_code == 302
