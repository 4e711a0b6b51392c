"""Who may take a quiz and read its attempts: the trainee, the cohort's staff; 404 for everyone else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from assessments.selectors.quizzes import done_pages, pages_of
from assessments.services.quizzes import quiz_attempt_start, quiz_attempt_submit
from courses import services as course_services
from courses.models import Enrollment

from .quiz_factories import make_quiz, right_form, wrong_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_program, oita, kochi, make_person, make_cohort):
    program = make_program(lessons=1)
    quiz = make_quiz(program)
    facilitator = make_person(oita, Role.FACILITATOR)
    cohort = make_cohort(program, oita, facilitators=[facilitator])
    trainee = make_person(oita, Role.TRAINEE, full_name="大分 受講者")
    enrollment = course_services.enrollment_create(trainee=trainee, cohort=cohort)
    attempt = quiz_attempt_start(quiz=quiz, enrollment=enrollment)
    quiz_attempt_submit(attempt=attempt, form=right_form(quiz))
    other_facilitator = make_person(oita, Role.FACILITATOR)
    make_cohort(program, oita, facilitators=[other_facilitator])
    invited = make_person(oita, Role.TRAINEE)
    course_services.enrollment_create(
        trainee=invited, cohort=make_cohort(program, oita), status=Enrollment.Status.INVITED
    )
    return {
        "quiz": quiz,
        "cohort": cohort,
        "attempt": attempt,
        "trainee": trainee,
        "facilitator": facilitator,
        "admin": make_person(oita, Role.PREFECTURE_ADMIN),
        "other_facilitator": other_facilitator,
        "other_trainee": make_person(oita, Role.TRAINEE),
        "invited": invited,
        "committee": make_person(oita, Role.COMMITTEE),
        "kochi_admin": make_person(kochi, Role.PREFECTURE_ADMIN),
        "kochi_trainee": make_person(kochi, Role.TRAINEE),
    }


def _urls(world) -> dict[str, str]:
    quiz, cohort, attempt = world["quiz"], world["cohort"], world["attempt"]
    return {
        "page": quiz.url,
        "attempt": reverse("assessments:quiz_attempt", kwargs={"attempt_id": attempt.pk}),
        "results": reverse(
            "assessments:quiz_cohort_results", kwargs={"quiz_id": quiz.pk, "cohort_id": cohort.pk}
        ),
    }


@pytest.mark.parametrize(
    "who",
    ["other_facilitator", "other_trainee", "invited", "committee", "kochi_admin", "kochi_trainee"],
)
def test_everyone_outside_the_cohort_gets_404_everywhere(world, who, client):
    client.force_login(world[who])
    urls = _urls(world)
    for name in ("attempt", "results"):
        assert client.get(urls[name]).status_code == 404, name
    page = client.get(urls["page"])
    if who == "other_facilitator":
        # They run another cohort of the program: the page links to theirs, never to this one.
        assert page.status_code == 200 and urls["results"] not in page.content.decode()
    else:
        assert page.status_code == 404
    start = reverse("assessments:quiz_start", kwargs={"quiz_id": world["quiz"].pk})
    assert client.post(start).status_code == 404
    submit = reverse("assessments:quiz_submit", kwargs={"attempt_id": world["attempt"].pk})
    assert client.post(submit, right_form(world["quiz"])).status_code == 404


def test_an_unenrolled_trainee_cannot_start(world, client):
    client.force_login(world["other_trainee"])
    start = reverse("assessments:quiz_start", kwargs={"quiz_id": world["quiz"].pk})
    assert client.post(start).status_code == 404


def test_anonymous_readers_are_refused(world, client):
    urls = _urls(world)
    assert client.get(urls["page"]).status_code == 404
    for name in ("attempt", "results"):
        assert client.get(urls[name]).status_code == 302


@pytest.mark.parametrize("who", ["facilitator", "admin"])
def test_the_cohorts_staff_read_its_results_and_each_attempt(world, who, client):
    client.force_login(world[who])
    urls = _urls(world)
    page = client.get(urls["page"]).content.decode()
    assert urls["results"] in page and "提出する" not in page
    results = client.get(urls["results"])
    assert results.status_code == 200
    html = results.content.decode()
    assert "大分 受講者" in html and "合格" in html and urls["attempt"] in html
    attempt = client.get(urls["attempt"])
    assert attempt.status_code == 200
    assert "大分 受講者" in attempt.content.decode() and "流れの解説" in attempt.content.decode()
    assert "no-store" in attempt["Cache-Control"]


def test_the_trainee_reads_their_own_attempt(world, client):
    client.force_login(world["trainee"])
    urls = _urls(world)
    assert client.get(urls["attempt"]).status_code == 200
    assert client.get(urls["results"]).status_code == 404


def test_done_pages_names_passed_quizzes_in_one_query(world, make_program, oita, enrolled_trainee):
    quiz, attempt = world["quiz"], world["attempt"]
    _trainee, failing = enrolled_trainee(quiz.get_parent().specific, oita)
    failed = quiz_attempt_start(quiz=quiz, enrollment=failing)
    quiz_attempt_submit(attempt=failed, form=wrong_form(quiz))
    ids = [attempt.enrollment_id, failing.pk, 987654]
    with CaptureQueriesContext(connection) as queries:
        done = done_pages(ids)
    assert len(queries) == 1
    assert done == {attempt.enrollment_id: {quiz.pk}, failing.pk: set(), 987654: set()}


def test_pages_of_lists_the_programs_live_quizzes_in_order(world):
    quiz = world["quiz"]
    program = quiz.get_parent()
    second = make_quiz(program)
    draft = make_quiz(program)
    draft.unpublish()
    assert [page.pk for page in pages_of(program)] == [quiz.pk, second.pk]
