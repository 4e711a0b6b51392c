"""A program's table of contents is shared by its readers and follows every publish at once."""

import pytest

from courses import program_cache, services
from courses.models import LessonPage
from tests.course_fixtures import lesson_body, lessons_of

pytestmark = pytest.mark.django_db


def _toc(client, url) -> str:
    html = client.get(url).content.decode()
    return html.split('<nav class="lesson-toc"', 1)[1].split("</nav>", 1)[0]


def test_a_newly_published_lesson_is_in_the_contents_at_once(
    client, oita, make_program, enrolled_trainee
):
    program = make_program(lessons=2)
    trainee, _ = enrolled_trainee(program, oita)
    client.force_login(trainee)
    first = lessons_of(program)[0]
    assert "追加の講義" not in _toc(client, first.url)
    added = LessonPage(
        title="追加の講義", slug="added", objectives="目標", body=lesson_body(), live=False
    )
    program.add_child(instance=added)
    assert "追加の講義" not in _toc(client, first.url)  # a draft is not listed
    added.save_revision().publish()
    toc = _toc(client, first.url)
    assert "追加の講義" in toc and added.url in toc
    assert "講義 1 / 3" in client.get(first.url).content.decode()


def test_an_unpublished_lesson_leaves_the_contents_at_once(
    client, oita, make_program, enrolled_trainee
):
    program = make_program(lessons=3)
    trainee, _ = enrolled_trainee(program, oita)
    client.force_login(trainee)
    first, _second, third = lessons_of(program)
    assert "講義3" in _toc(client, first.url)
    third.unpublish()
    assert "講義3" not in _toc(client, first.url)


def test_a_renamed_program_shows_in_the_breadcrumb_at_once(
    client, oita, make_program, enrolled_trainee
):
    program = make_program(lessons=1)
    trainee, _ = enrolled_trainee(program, oita)
    client.force_login(trainee)
    lesson = lessons_of(program)[0]
    client.get(lesson.url)
    program.title = "改題したプログラム"
    program.save_revision().publish()
    assert "改題したプログラム" in client.get(lesson.url).content.decode()


def test_readers_of_one_program_share_one_lookup(
    client, oita, make_program, enrolled_trainee, monkeypatch
):
    program = make_program(lessons=3)
    # Made first: a new cohort is a content change and would start the cache afresh.
    readers = [enrolled_trainee(program, oita)[0] for _ in range(3)]
    builds = []
    real = program_cache._contents
    monkeypatch.setattr(
        program_cache, "_contents", lambda *args: builds.append(args[1]) or real(*args)
    )
    for reader, lesson in zip(readers, lessons_of(program), strict=True):
        client.force_login(reader)
        assert client.get(lesson.url).status_code == 200
    assert len(builds) == 1


def test_each_reader_sees_only_their_own_progress(client, oita, make_program, enrolled_trainee):
    program = make_program(lessons=2)
    done_reader, enrollment = enrolled_trainee(program, oita)
    other_reader, _ = enrolled_trainee(program, oita)
    first, second = lessons_of(program)
    client.force_login(other_reader)
    assert "完了" not in _toc(client, second.url)  # the contents are now shared
    services.lesson_complete(enrollment=enrollment, lesson=first)
    client.force_login(done_reader)
    assert "完了" in _toc(client, second.url)
    client.force_login(other_reader)
    assert "完了" not in _toc(client, second.url)
