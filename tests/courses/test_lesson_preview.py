"""Editors' previews of lessons render their program's navigation and the draft's own body."""

from courses.models import LessonPage
from tests.course_fixtures import lesson_body, lessons_of


def test_a_lesson_draft_previews_with_its_program_and_its_own_body(
    client, make_program, oita, enrolled_trainee
):
    program = make_program()
    lesson = lessons_of(program)[1]
    # A reader fills the cache of the published body first; the preview must not show it.
    trainee, _enrollment = enrolled_trainee(program, oita)
    client.force_login(trainee)
    assert "講義2の本文" in client.get(lesson.url).content.decode()
    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.body = lesson_body("書き直した下書きの本文")
    draft.save_revision()
    preview = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
    response = preview.make_preview_request()
    assert response.status_code == 200
    body = response.content.decode()
    assert program.title in body and "講義 2 / 3" in body
    assert "書き直した下書きの本文" in body and "講義2の本文" not in body


def test_a_new_lesson_previews_before_it_is_saved(make_program):
    program = make_program(lessons=1)
    new = LessonPage(
        title="新しい講義",
        slug="new-lesson",
        objectives="目標",
        estimated_minutes=10,
        body=lesson_body("まだ保存していない本文"),
    )
    # What Wagtail's add view does before previewing a page that has no row yet.
    new.depth = program.depth + 1
    new.path = LessonPage._get_children_path_interval(program.path)[1]
    new.set_url_path(program)
    response = new.make_preview_request()
    assert response.status_code == 200
    body = response.content.decode()
    assert program.title in body and "まだ保存していない本文" in body
