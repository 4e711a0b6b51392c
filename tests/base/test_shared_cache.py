"""The per-process cache of what readers share: built once per content token, dropped when it moves."""

import pytest
from django.test import Client, RequestFactory
from wagtail.models import PageViewRestriction

from base import shared_cache
from tests.course_fixtures import lessons_of

pytestmark = pytest.mark.django_db


def test_a_value_is_built_once_per_token():
    builds = []
    for _ in range(3):
        shared_cache.shared(None, "key", lambda: builds.append(1) or len(builds))
    assert builds == [1]
    shared_cache.content_changed()
    assert shared_cache.shared(None, "key", lambda: builds.append(1) or len(builds)) == 2


def test_a_lost_token_drops_every_value():
    from django.core.cache import cache

    shared_cache.shared(None, "key", lambda: "old")
    cache.clear()  # Redis restarted or the token was evicted
    assert shared_cache.shared(None, "key", lambda: "new") == "new"


def test_a_request_reads_the_token_once():
    request = RequestFactory().get("/")
    first = shared_cache.content_version(request)
    shared_cache.content_changed()
    # The request keeps one view of the content from start to end.
    assert shared_cache.content_version(request) == first
    assert shared_cache.content_version(RequestFactory().get("/")) != first


def test_the_token_moves_again_when_the_change_is_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        shared_cache.content_changed()
        during = shared_cache.content_version()
    # A reader between the change and its commit kept old rows under `during`.
    assert shared_cache.content_version() != during


def test_the_cache_cannot_grow_without_end(monkeypatch):
    monkeypatch.setattr(shared_cache, "MAX_ENTRIES", 3)
    for number in range(10):
        shared_cache.shared(None, ("odd-url", number), lambda n=number: n)
    assert len(shared_cache._generation[1]) <= 3


def test_a_renamed_lesson_is_served_with_its_new_title_at_once(client, make_program):
    lesson = lessons_of(make_program(lessons=2))[0]
    assert "講義1" in client.get(lesson.url).content.decode()
    lesson.title = "新しい題名"
    lesson.save_revision().publish()
    assert "新しい題名" in client.get(lesson.url).content.decode()


def test_an_unpublished_lesson_is_gone_at_once(client, make_program):
    lesson = lessons_of(make_program(lessons=2))[0]
    assert client.get(lesson.url).status_code in (200, 403)
    lesson.unpublish()
    assert client.get(lesson.url).status_code == 404


def test_a_moved_slug_is_followed_at_once(client, make_program):
    lesson = lessons_of(make_program(lessons=2))[0]
    old_url = lesson.url
    client.get(old_url)
    lesson.slug = "renamed"
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(lesson.url).status_code in (200, 403)


def test_a_new_view_restriction_applies_at_once(make_program):
    program = make_program(lessons=2)
    lesson = lessons_of(program)[0]
    anonymous = Client()
    assert anonymous.get(lesson.url).status_code == 403  # the locked page, shown to anyone
    PageViewRestriction.objects.create(page=program, restriction_type=PageViewRestriction.LOGIN)
    response = anonymous.get(lesson.url)
    assert response.status_code == 302 and "login" in response["Location"]
