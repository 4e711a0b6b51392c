"""The lesson page runs a fixed number of SQL queries, however long the program or large the cohort."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from courses import page_cache, services
from tests.course_fixtures import lessons_of


def _queries_for_lesson(client, program, trainee) -> int:
    client.force_login(trainee)
    lesson = lessons_of(program)[2]
    client.get(lesson.url)  # the first visit creates the progress row
    # Counted as drawn, not as replayed from the reader page cache.
    page_cache.content_changed()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(lesson.url)
    assert response.status_code == 200
    return len(captured)


def test_same_queries_with_5_or_50_lessons(client, oita, make_program, enrolled_trainee):
    short = make_program(lessons=5)
    long = make_program(lessons=50)
    trainee_short, _ = enrolled_trainee(short, oita)
    trainee_long, _ = enrolled_trainee(long, oita)
    assert _queries_for_lesson(client, short, trainee_short) == _queries_for_lesson(
        client, long, trainee_long
    )


def test_same_queries_with_1_or_500_enrollments(
    client, oita, make_person, make_program, make_cohort, enrolled_trainee
):
    program = make_program(lessons=5)
    trainee, enrollment = enrolled_trainee(program, oita)
    alone = _queries_for_lesson(client, program, trainee)
    cohort = enrollment.cohort
    cohort.capacity = 600
    cohort.save()
    for _ in range(499):
        other = make_person(oita, Role.TRAINEE)
        services.enrollment_create(trainee=other, cohort=cohort)
    assert cohort.enrollments.count() == 500
    assert _queries_for_lesson(client, program, trainee) == alone


def test_a_drawn_lesson_reads_only_the_readers_own_rows(
    client, oita, make_program, enrolled_trainee
):
    # Routing, view restrictions, the program and its contents come from base/shared_cache.py.
    program = make_program(lessons=5)
    trainee, _ = enrolled_trainee(program, oita)
    client.force_login(trainee)
    lesson = lessons_of(program)[2]
    client.get(lesson.url)  # starts the lesson and keeps what readers share
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{lesson.url}?draw=1").status_code == 200
    sql = [query["sql"] for query in captured]
    assert not [q for q in sql if "wagtailcore_page" in q], sql
    # The user (with the CMS-editor flag), the enrollment, the progress and the
    # memberships; the lesson asks no questions, so no answers are read.
    assert len(sql) == 4, sql
