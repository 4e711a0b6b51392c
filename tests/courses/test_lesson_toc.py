"""The kept table of contents is the template's, with the reader's current lesson and done badges."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from courses import program_cache, services
from tests.course_fixtures import lessons_of


def _toc(html: str) -> str:
    return re.search(r'<nav class="lesson-toc".*?</nav>', html, re.S).group(0)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_kept_contents_match_the_template(make_program, language):
    program = make_program(lessons=5)
    lessons = lessons_of(program)
    request = RequestFactory().get(lessons[2].url)
    for current in (lessons[0], lessons[2], lessons[4]):
        for done_ids in (set(), {lessons[0].pk, lessons[3].pk}, {lesson.pk for lesson in lessons}):
            with translation.override(language):
                kept = program_cache.lesson_toc(request, current, done_ids)
                plain = render_to_string(
                    "courses/_lesson_toc.html",
                    {
                        "modules": program_cache.program_contents(request, current).modules,
                        "page": current,
                        "done_ids": done_ids,
                    },
                )
            assert kept == plain
            assert kept.count('aria-current="page"') == 1
            assert kept.count("badge--done") == len(done_ids)


def test_a_drawn_lesson_shows_the_readers_badges_in_their_language(
    client, oita, make_program, enrolled_trainee
):
    program = make_program(lessons=3)
    trainee, enrollment = enrolled_trainee(program, oita)
    client.force_login(trainee)
    first, second, _third = lessons_of(program)
    services.lesson_complete(enrollment=enrollment, lesson=first)
    toc = _toc(client.get(f"{second.url}?draw=1").content.decode())
    assert toc.count('<span class="badge badge--done">完了</span>') == 1
    assert f'<a href="{second.url}" aria-current="page">' in toc
    client.cookies["django_language"] = "en"
    english = _toc(client.get(f"{second.url}?draw=2").content.decode())
    assert english.count('<span class="badge badge--done">Done</span>') == 1
    assert ">Lessons</h2>" in english
    services.lesson_complete(enrollment=enrollment, lesson=second)
    assert _toc(client.get(f"{second.url}?draw=3").content.decode()).count("badge--done") == 2
