"""A lesson's body needs an enrollment; everyone else learns how to enrol."""

import pytest

from accounts.models import Role
from courses import services
from courses.models import Enrollment
from tests.course_fixtures import lessons_of


def test_an_enrolled_trainee_reads_the_body(client, oita, make_program, enrolled_trainee):
    program = make_program()
    trainee, _enrollment = enrolled_trainee(program, oita)
    client.force_login(trainee)
    response = client.get(lessons_of(program)[0].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "講義1の本文" in html
    assert "完了にする" in html


def test_anonymous_visitors_see_the_title_and_how_to_enrol(client, make_program):
    program = make_program()
    response = client.get(lessons_of(program)[0].url)
    html = response.content.decode()
    assert response.status_code == 403
    assert "講義1" in html and "目標A" in html
    assert "講義1の本文" not in html
    assert "ログインしてください" in html


def test_a_trainee_of_another_program_is_told_how_to_enrol(
    client, oita, make_program, enrolled_trainee
):
    mine, other = make_program(), make_program()
    trainee, _ = enrolled_trainee(mine, oita)
    client.force_login(trainee)
    response = client.get(lessons_of(other)[0].url)
    html = response.content.decode()
    assert response.status_code == 403
    assert "研修担当者に、受講を申し込んでください" in html
    assert "講義1の本文" not in html


@pytest.mark.parametrize("status", [Enrollment.Status.WITHDRAWN, Enrollment.Status.INVITED])
def test_withdrawn_or_not_yet_accepted_trainees_cannot_read(
    client, oita, make_program, enrolled_trainee, status
):
    program = make_program()
    trainee, enrollment = enrolled_trainee(program, oita)
    services.enrollment_set_status(enrollment=enrollment, status=status)
    client.force_login(trainee)
    response = client.get(lessons_of(program)[0].url)
    assert response.status_code == 403
    assert "講義1の本文" not in response.content.decode()


def test_the_cohorts_facilitator_and_the_prefecture_admin_read_the_body(
    client, oita, kochi, make_person, make_program, make_cohort
):
    program = make_program()
    facilitator = make_person(oita, Role.FACILITATOR)
    make_cohort(program, oita, facilitators=[facilitator])
    lesson = lessons_of(program)[0]
    for person in (facilitator, make_person(oita, Role.PREFECTURE_ADMIN)):
        client.force_login(person)
        assert client.get(lesson.url).status_code == 200
    client.force_login(make_person(kochi, Role.PREFECTURE_ADMIN))
    assert client.get(lesson.url).status_code == 403


def test_cms_editors_read_every_lesson(client, make_program):
    from django.contrib.auth.models import Group

    from accounts.models import User

    editor = User.objects.create_user(email="ed@example.jp", password="x" * 12)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    program = make_program()
    assert client.get(lessons_of(program)[0].url).status_code == 200


def test_markdown_in_a_lesson_renders_harmless(client, oita, make_program, enrolled_trainee):
    program = make_program()
    trainee, _ = enrolled_trainee(program, oita)
    client.force_login(trainee)
    html = client.get(lessons_of(program)[0].url).content.decode()
    assert "<strong>強調</strong>" in html
    assert "<script>alert(1)</script>" not in html


def test_catalogue_and_program_pages_are_public(client, make_program):
    program = make_program(lessons=2)
    index_html = client.get(program.get_parent().url).content.decode()
    assert program.title in index_html and "2講義" in index_html
    program_html = client.get(program.url).content.decode()
    assert "講義1" in program_html and "講義2" in program_html
    assert "本文を読むには" in program_html
