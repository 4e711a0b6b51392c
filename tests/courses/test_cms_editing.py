"""Editors write programs and lessons in the CMS: the editing screens open with every block."""

import json

from django.contrib.auth.models import Group

from accounts.models import User


def _editor():
    editor = User.objects.create_user(email="writer@example.jp", password="x" * 12)
    editor.groups.add(Group.objects.get(name="Editors"), Group.objects.get(name="Moderators"))
    return editor


def test_the_lesson_editor_offers_every_lesson_block(client, make_program):
    program = make_program(lessons=1)
    client.force_login(_editor())
    response = client.get(f"/admin/pages/add/courses/lessonpage/{program.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    # Block definitions travel to the editor as JSON, where Japanese may be \u-escaped.
    for label in (
        "支援プロセスの流れ",
        "データの図",
        "動画",
        "画像",
        "事例へのリンク",
        "振り返りの問い",
    ):
        assert label in html or json.dumps(label)[1:-1] in html, label


def test_program_and_lesson_edit_screens_open(client, make_program):
    program = make_program(lessons=1)
    client.force_login(_editor())
    assert client.get(f"/admin/pages/{program.pk}/edit/").status_code == 200
    lesson = program.get_children().first()
    assert client.get(f"/admin/pages/{lesson.pk}/edit/").status_code == 200
