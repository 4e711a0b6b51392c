"""Progress: starting, completing, resuming, and completion of the whole program."""

from django.urls import reverse

from courses import selectors, services
from courses.models import Enrollment, LessonProgress
from tests.course_fixtures import lessons_of


def test_opening_a_lesson_records_it_as_started_once(client, oita, make_program, enrolled_trainee):
    program = make_program()
    trainee, enrollment = enrolled_trainee(program, oita)
    client.force_login(trainee)
    lesson = lessons_of(program)[1]
    client.get(lesson.url)
    client.get(lesson.url)
    progress = LessonProgress.objects.get(enrollment=enrollment)
    assert progress.lesson_id == lesson.pk and progress.completed_at is None


def test_complete_button_marks_done_and_goes_to_the_next_lesson(
    client, oita, make_program, enrolled_trainee
):
    program = make_program()
    trainee, enrollment = enrolled_trainee(program, oita)
    client.force_login(trainee)
    first, second, _third = lessons_of(program)
    response = client.post(reverse("courses:lesson_complete", kwargs={"lesson_id": first.pk}))
    assert response.status_code == 302 and response["Location"] == second.url
    assert LessonProgress.objects.get(enrollment=enrollment, lesson=first).completed_at is not None


def test_completing_every_lesson_completes_the_enrollment(oita, make_program, enrolled_trainee):
    program = make_program(lessons=2)
    _trainee, enrollment = enrolled_trainee(program, oita)
    for lesson in lessons_of(program):
        services.lesson_complete(enrollment=enrollment, lesson=lesson)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert enrollment.completed_at is not None


def test_completing_twice_keeps_the_first_time(oita, make_program, enrolled_trainee):
    program = make_program()
    _trainee, enrollment = enrolled_trainee(program, oita)
    lesson = lessons_of(program)[0]
    first = services.lesson_complete(enrollment=enrollment, lesson=lesson).completed_at
    again = services.lesson_complete(enrollment=enrollment, lesson=lesson).completed_at
    assert first == again


def test_progress_counts_and_resume_point(oita, make_program, enrolled_trainee):
    program = make_program(lessons=4)
    trainee, enrollment = enrolled_trainee(program, oita)
    lessons = lessons_of(program)
    services.lesson_complete(enrollment=enrollment, lesson=lessons[0])
    services.lesson_complete(enrollment=enrollment, lesson=lessons[1])
    services.lesson_position_save(enrollment=enrollment, lesson=lessons[2], position="block-2")
    [progress] = selectors.trainee_progress(trainee)
    assert (progress.done, progress.total, progress.percent) == (2, 4, 50)
    assert progress.next_lesson.pk == lessons[2].pk
    assert progress.resume_url == lessons[2].url + "#block-2"


def test_mypage_shows_progress_bar_next_lesson_dates_and_resume(
    client, oita, make_program, enrolled_trainee
):
    program = make_program(lessons=3)
    trainee, enrollment = enrolled_trainee(program, oita)
    services.lesson_complete(enrollment=enrollment, lesson=lessons_of(program)[0])
    client.force_login(trainee)
    html = client.get(reverse("accounts:mypage")).content.decode()
    assert '<progress class="progress" max="3" value="1"' in html
    assert "3講義中 1講義完了" in html
    assert "次の講義" in html and "講義2" in html
    assert "2026年11月9日" in html
    assert f'href="{lessons_of(program)[1].url}"' in html and "続きから" in html


def test_an_invited_trainee_accepts_and_can_then_read(client, oita, make_program, enrolled_trainee):
    program = make_program()
    trainee, enrollment = enrolled_trainee(program, oita)
    services.enrollment_set_status(enrollment=enrollment, status=Enrollment.Status.INVITED)
    client.force_login(trainee)
    assert "受講を開始する" in client.get(reverse("accounts:mypage")).content.decode()
    client.post(reverse("courses:enrollment_accept", kwargs={"enrollment_id": enrollment.pk}))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED
    assert client.get(lessons_of(program)[0].url).status_code == 200


def test_someone_elses_enrollment_cannot_be_accepted(
    client, oita, make_person, make_program, enrolled_trainee
):
    program = make_program()
    _trainee, enrollment = enrolled_trainee(program, oita)
    services.enrollment_set_status(enrollment=enrollment, status=Enrollment.Status.INVITED)
    client.force_login(make_person(oita))
    response = client.post(
        reverse("courses:enrollment_accept", kwargs={"enrollment_id": enrollment.pk})
    )
    assert response.status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.INVITED


def test_position_is_saved_and_bad_positions_are_refused(
    client, oita, make_program, enrolled_trainee
):
    program = make_program()
    trainee, enrollment = enrolled_trainee(program, oita)
    client.force_login(trainee)
    lesson = lessons_of(program)[0]
    url = reverse("courses:lesson_position", kwargs={"lesson_id": lesson.pk})
    assert client.post(url, {"position": "block-3"}).json() == {"saved": "block-3"}
    bad = client.post(url, {"position": "<script>"})
    assert bad.status_code == 400
    # `$` alone would let a trailing line break through into the stored position.
    assert client.post(url, {"position": "block-3\n"}).status_code == 400
    assert "形式が正しくありません" in bad.json()["error"]
    assert (
        LessonProgress.objects.get(enrollment=enrollment, lesson=lesson).last_position == "block-3"
    )


def test_a_lesson_the_trainee_cannot_reach_is_404_whatever_the_body(
    client, oita, kochi, make_program, enrolled_trainee
):
    oita_program, kochi_program = make_program(), make_program()
    trainee, _enrollment = enrolled_trainee(oita_program, oita)
    enrolled_trainee(kochi_program, kochi)
    client.force_login(trainee)
    theirs = lessons_of(kochi_program)[0]
    for lesson_id in (theirs.pk, 2**63 - 1):
        for view in ("courses:lesson_position", "courses:lesson_complete"):
            url = reverse(view, kwargs={"lesson_id": lesson_id})
            for body in ({}, {"position": "<script>"}, {"position": "block-1"}):
                assert client.post(url, body).status_code == 404, (view, lesson_id, body)
    assert not LessonProgress.objects.exists()


def test_not_enrolled_people_cannot_record_progress(client, oita, make_person, make_program):
    program = make_program()
    client.force_login(make_person(oita))
    lesson = lessons_of(program)[0]
    assert (
        client.post(reverse("courses:lesson_complete", kwargs={"lesson_id": lesson.pk})).status_code
        == 404
    )
    assert not LessonProgress.objects.exists()


def test_complete_requires_post_and_csrf(oita, make_program, enrolled_trainee):
    from django.test import Client

    program = make_program()
    trainee, _ = enrolled_trainee(program, oita)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(trainee)
    url = reverse("courses:lesson_complete", kwargs={"lesson_id": lessons_of(program)[0].pk})
    assert strict.get(url).status_code == 405
    assert strict.post(url).status_code == 403
