"""振り返りの問い: a trainee keeps answers per lesson; their cohort's facilitators read them."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from courses import selectors, services
from courses.models import LessonPage, ReflectionAnswer
from tests.course_fixtures import lesson_body

QUESTIONS = ["あなたの機関では支援調整会議をどう開いていますか。", "次の一歩は何ですか。"]


@pytest.fixture
def course(oita, make_person, make_program, make_cohort):
    """A program whose first lesson asks two questions, a cohort with a facilitator and two trainees."""
    program = make_program(lessons=2)
    lesson = LessonPage.objects.child_of(program).live().order_by("path").first().specific
    lesson.body = [
        *lesson_body(),
        ("questions", {"title": "振り返りの問い", "items": QUESTIONS}),
    ]
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    facilitator = make_person(oita, Role.FACILITATOR, full_name="大分 進行")
    cohort = make_cohort(program, oita, facilitators=[facilitator])
    trainee = make_person(oita, Role.TRAINEE, full_name="大分 花子")
    other = make_person(oita, Role.TRAINEE, full_name="大分 太郎")
    enrollment = services.enrollment_create(trainee=trainee, cohort=cohort)
    other_enrollment = services.enrollment_create(trainee=other, cohort=cohort)
    return {
        "program": program,
        "lesson": lesson,
        "plain_lesson": LessonPage.objects.child_of(program).live().order_by("path").last(),
        "cohort": cohort,
        "facilitator": facilitator,
        "trainee": trainee,
        "enrollment": enrollment,
        "other": other,
        "other_enrollment": other_enrollment,
    }


def _keys(lesson) -> list[str]:
    return [question.key for question in selectors.reflection_questions(lesson)]


def _post(client, lesson, *texts):
    data = {f"answer-{key}": text for key, text in zip(_keys(lesson), texts, strict=False)}
    return client.post(reverse("courses:lesson_reflections", kwargs={"lesson_id": lesson.pk}), data)


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_lesson_page_has_a_labelled_textarea_per_question(course):
    page = _as(course["trainee"]).get(course["lesson"].url).content.decode()
    assert 'id="reflection-answers"' in page
    for number, question in enumerate(QUESTIONS, start=1):
        assert f'<label for="reflection-{number}">' in page
        assert question in page
        assert f'<textarea id="reflection-{number}"' in page


def test_a_lesson_without_questions_has_no_answer_form(course):
    page = _as(course["trainee"]).get(course["plain_lesson"].url).content.decode()
    assert 'id="reflection-answers"' not in page


def test_the_trainee_saves_answers_and_finds_them_again(course):
    client = _as(course["trainee"])
    response = _post(client, course["lesson"], "月に一度開いています。", "会議の記録を整える。")
    assert response.status_code == 302
    assert response.url.endswith("#reflection-answers")
    page = client.get(response.url.split("#")[0]).content.decode()
    assert "振り返りの回答を保存しました。" in page
    assert "月に一度開いています。" in page and "会議の記録を整える。" in page
    kept = ReflectionAnswer.objects.filter(enrollment=course["enrollment"]).order_by("position")
    assert [answer.question for answer in kept] == QUESTIONS


def test_reflections_done_needs_every_question_answered(course):
    enrollment, lesson = course["enrollment"], course["lesson"]
    assert not selectors.reflections_done(enrollment, lesson)
    first, second = _keys(lesson)
    services.reflection_save(enrollment=enrollment, lesson=lesson, answers={first: "答え"})
    assert not selectors.reflections_done(enrollment, lesson)
    services.reflection_save(enrollment=enrollment, lesson=lesson, answers={second: "答え"})
    assert selectors.reflections_done(enrollment, lesson)
    assert selectors.reflections_done(enrollment, course["plain_lesson"])  # nothing asked


def test_a_blanked_answer_is_removed(course):
    client = _as(course["trainee"])
    _post(client, course["lesson"], "一つ目", "二つ目")
    assert _post(client, course["lesson"], "一つ目を直した", "  ").status_code == 302
    assert list(
        ReflectionAnswer.objects.filter(enrollment=course["enrollment"]).values_list(
            "text", flat=True
        )
    ) == ["一つ目を直した"]


def test_line_breaks_are_kept_as_one_kind(course):
    _post(_as(course["trainee"]), course["lesson"], "一行目\r\n二行目")
    assert ReflectionAnswer.objects.get().text == "一行目\n二行目"


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (("", "   "), "回答を入力してください。"),
        (("よい答え", "あ" * 100_000), "4000文字以内"),
        (("よい答え", "文字化け\ufffd"), "文字化けした文字"),
        (("よい答え", "制御\x00文字"), "制御文字"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_keeps_nothing(course, texts, message):
    client = _as(course["trainee"])
    _post(client, course["lesson"], "前の答え")
    response = _post(client, course["lesson"], *texts)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    # Nothing half-saved: the good first answer of the refused form was not kept either.
    assert list(ReflectionAnswer.objects.values_list("text", flat=True)) == ["前の答え"]


def test_an_unknown_question_is_refused(course):
    url = reverse("courses:lesson_reflections", kwargs={"lesson_id": course["lesson"].pk})
    response = _as(course["trainee"]).post(url, {"answer-no-such-question": "答え"})
    assert response.status_code == 400
    assert "ページを読み込み直してから" in response.content.decode()
    assert not ReflectionAnswer.objects.exists()


def test_a_lesson_without_questions_refuses_answers(course):
    url = reverse("courses:lesson_reflections", kwargs={"lesson_id": course["plain_lesson"].pk})
    response = _as(course["trainee"]).post(url, {"answer-x": "答え"})
    assert response.status_code == 400
    assert "振り返りの問いがありません" in response.content.decode()


def test_saving_answers_redraws_the_readers_cached_page(course):
    client = _as(course["trainee"])
    url = course["lesson"].url
    for _ in range(3):  # the first visit learns the path, the next ones keep the page
        assert client.get(url).status_code == 200
    assert "新しい答え".encode() not in client.get(url).content
    first, _second = _keys(course["lesson"])
    services.reflection_save(
        enrollment=course["enrollment"], lesson=course["lesson"], answers={first: "新しい答え"}
    )
    assert "新しい答え".encode() in client.get(url).content
    ReflectionAnswer.objects.get().delete()
    assert "新しい答え".encode() not in client.get(url).content


def test_the_cohort_facilitator_and_the_prefecture_admin_read_answers(course, oita, make_person):
    _post(_as(course["trainee"]), course["lesson"], "花子の振り返り")
    url = reverse("courses:cohort_detail", kwargs={"cohort_id": course["cohort"].pk})
    for reader in (course["facilitator"], make_person(oita, Role.PREFECTURE_ADMIN)):
        page = _as(reader).get(url).content.decode()
        assert "花子の振り返り" in page and QUESTIONS[0] in page and "大分 花子" in page


def test_another_trainee_of_the_cohort_cannot_read_them(course):
    _post(_as(course["trainee"]), course["lesson"], "花子の振り返り")
    other = _as(course["other"])
    cohort_page = other.get(
        reverse("courses:cohort_detail", kwargs={"cohort_id": course["cohort"].pk})
    )
    assert cohort_page.status_code == 200
    assert "花子の振り返り" not in cohort_page.content.decode()
    lesson_page = other.get(course["lesson"].url).content.decode()
    assert "花子の振り返り" not in lesson_page
    # Their own save touches only their own answers.
    _post(other, course["lesson"], "太郎の振り返り")
    assert ReflectionAnswer.objects.get(enrollment=course["enrollment"]).text == "花子の振り返り"


def test_a_facilitator_of_another_cohort_cannot_read_them(course, oita, make_person, make_cohort):
    _post(_as(course["trainee"]), course["lesson"], "花子の振り返り")
    elsewhere = make_person(oita, Role.FACILITATOR)
    make_cohort(course["program"], oita, facilitators=[elsewhere])
    url = reverse("courses:cohort_detail", kwargs={"cohort_id": course["cohort"].pk})
    assert _as(elsewhere).get(url).status_code == 404


def test_another_prefecture_gets_404(course, kochi, make_person):
    _post(_as(course["trainee"]), course["lesson"], "花子の振り返り")
    cohort_url = reverse("courses:cohort_detail", kwargs={"cohort_id": course["cohort"].pk})
    for role in (Role.FACILITATOR, Role.PREFECTURE_ADMIN, Role.TRAINEE):
        assert _as(make_person(kochi, role)).get(cohort_url).status_code == 404
    kochi_trainee = _as(make_person(kochi, Role.TRAINEE))
    assert _post(kochi_trainee, course["lesson"], "よその答え").status_code == 404
    assert not ReflectionAnswer.objects.exclude(text="花子の振り返り").exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_get_is_refused(course):
    response = _post(Client(), course["lesson"], "答え")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    url = reverse("courses:lesson_reflections", kwargs={"lesson_id": course["lesson"].pk})
    assert _as(course["trainee"]).get(url).status_code == 405
    assert not ReflectionAnswer.objects.exists()


def test_the_service_refuses_a_lesson_of_another_program(course, make_program):
    stranger = LessonPage.objects.child_of(make_program(lessons=1)).live().get()
    with pytest.raises(services.ReflectionError):
        services.reflection_save(
            enrollment=course["enrollment"], lesson=stranger, answers={"q": "答え"}
        )
