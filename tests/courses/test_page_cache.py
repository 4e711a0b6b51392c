"""A reader's lesson page is replayed from the cache only while nothing it shows has changed."""

import os
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Role
from courses import page_cache, services
from courses.models import Enrollment
from tests.course_fixtures import lessons_of


def _settle(client, url) -> None:
    """Visit until the page is in the cache: the first visit learns the path and starts the lesson."""
    for _ in range(3):
        assert client.get(url).status_code == 200


def _queries(client, url) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content


def test_a_second_visit_is_replayed_without_drawing(client, oita, make_program, enrolled_trainee):
    program = make_program(lessons=3)
    trainee, _ = enrolled_trainee(program, oita)
    client.force_login(trainee)
    url = lessons_of(program)[1].url
    _settle(client, url)
    queries, first = _queries(client, url)
    again, second = _queries(client, url)
    assert queries <= 1 and again <= 1  # only the signed-in user is read
    assert first == second
    assert trainee.full_name.encode() in first


def test_completing_a_lesson_shows_at_once(client, oita, make_program, enrolled_trainee):
    program = make_program(lessons=3)
    trainee, enrollment = enrolled_trainee(program, oita)
    client.force_login(trainee)
    lesson = lessons_of(program)[0]
    _settle(client, lesson.url)
    assert "この講義は完了しています".encode() not in client.get(lesson.url).content
    services.lesson_complete(enrollment=enrollment, lesson=lesson)
    assert "この講義は完了しています".encode() in client.get(lesson.url).content


def test_another_reader_never_gets_my_page(oita, make_program, enrolled_trainee):
    program = make_program(lessons=2)
    url = lessons_of(program)[0].url
    readers = []
    for name in ("大分 花子", "大分 太郎"):
        trainee, _ = enrolled_trainee(program, oita, full_name=name)
        reader = Client()
        reader.force_login(trainee)
        readers.append(reader)
    _settle(readers[0], url)
    page = readers[1].get(url).content.decode()
    assert "大分 太郎" in page and "大分 花子" not in page


def test_a_new_title_is_shown_after_publishing(client, oita, make_program, enrolled_trainee):
    program = make_program(lessons=2)
    trainee, _ = enrolled_trainee(program, oita)
    client.force_login(trainee)
    lesson = lessons_of(program)[0]
    _settle(client, lesson.url)
    lesson.title = "改訂したアセスメントの講義"
    lesson.save_revision().publish()
    assert "改訂したアセスメントの講義" in client.get(lesson.url).content.decode()


def test_a_withdrawn_reader_gets_the_enrol_page_not_the_body(
    client, oita, make_program, enrolled_trainee
):
    program = make_program(lessons=2)
    trainee, enrollment = enrolled_trainee(program, oita)
    client.force_login(trainee)
    url = lessons_of(program)[0].url
    _settle(client, url)
    services.enrollment_set_status(enrollment=enrollment, status=Enrollment.Status.WITHDRAWN)
    response = client.get(url)
    assert response.status_code == 403
    assert b"lesson-body" not in response.content


def test_a_new_role_changes_the_navigation(client, oita, make_program, enrolled_trainee):
    program = make_program(lessons=2)
    trainee, _ = enrolled_trainee(program, oita)
    client.force_login(trainee)
    url = lessons_of(program)[0].url
    _settle(client, url)
    before = client.get(url).content.decode()
    account_services.membership_grant(user=trainee, prefecture=oita, role=Role.FACILITATOR)
    after = client.get(url).content.decode()
    assert after != before and "グループワーク" in after


def test_a_message_is_shown_once_and_not_replayed(client, oita, make_program, enrolled_trainee):
    program = make_program(lessons=3)
    trainee, _ = enrolled_trainee(program, oita)
    client.force_login(trainee)
    first, second = lessons_of(program)[:2]
    _settle(client, first.url)
    _settle(client, second.url)
    response = client.post(reverse("courses:lesson_complete", args=[first.pk]), follow=True)
    notice = f"「{first.title}」を完了にしました"
    assert notice in response.content.decode()
    assert notice not in client.get(second.url).content.decode()


def test_a_new_login_gets_a_page_with_its_own_csrf_token(oita, make_program, enrolled_trainee):
    program = make_program(lessons=2)
    trainee, _ = enrolled_trainee(program, oita)
    lesson = lessons_of(program)[0]
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(trainee)
    _settle(reader, lesson.url)
    reader.logout()
    reader.force_login(trainee)
    page = reader.get(lesson.url).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = reader.post(
        reverse("courses:lesson_complete", args=[lesson.pk]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_saving_the_reading_position_keeps_the_cached_page(
    client, oita, make_program, enrolled_trainee
):
    program = make_program(lessons=2)
    trainee, enrollment = enrolled_trainee(program, oita)
    client.force_login(trainee)
    lesson = lessons_of(program)[0]
    _settle(client, lesson.url)
    services.lesson_position_save(enrollment=enrollment, lesson=lesson, position="block-2")
    queries, _content = _queries(client, lesson.url)
    assert queries <= 1


def _token_after_touching(folder: str) -> tuple[str, str, str]:
    """The code token before a new file in `folder`, with it, and after the file is touched."""
    probe = Path(settings.BASE_DIR) / folder / f"_token_probe_{uuid.uuid4().hex}.html"
    before = page_cache._code_token()
    try:
        probe.write_text("", encoding="utf-8")
        added = page_cache._code_token()
        os.utime(probe, ns=(probe.stat().st_atime_ns, probe.stat().st_mtime_ns + 10**9))
        touched = page_cache._code_token()
    finally:
        probe.unlink()
    return before, added, touched


@pytest.mark.parametrize("folder", ["workshops", "casestudies", "templates", "config", "static"])
def test_a_change_anywhere_in_the_code_or_templates_changes_the_code_token(folder):
    before, added, touched = _token_after_touching(folder)
    assert len({before, added, touched}) == 3


def test_every_project_app_is_in_the_code_token():
    folders = {path.name for path in page_cache.code_folders()}
    apps_here = {
        Path(config.path).name
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR)
    }
    assert {"workshops", "casestudies", "templates", "locale"} <= folders
    assert apps_here <= folders and ".venv" not in folders
