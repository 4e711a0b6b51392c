"""A trainee takes a quiz through the views: start, answer, submit once, see the mark and the review."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.marking import Kind
from assessments.models import QuizAttempt, QuizReview
from assessments.selectors.quizzes import quiz_questions

from .quiz_factories import ORDER, make_quiz, question_of, right_form, wrong_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_program, oita, enrolled_trainee, client):
    program = make_program(lessons=1)
    quiz = make_quiz(program)
    trainee, enrollment = enrolled_trainee(program, oita)
    client.force_login(trainee)
    return quiz, enrollment, client


def _start(client, quiz):
    return client.post(reverse("assessments:quiz_start", kwargs={"quiz_id": quiz.pk}))


def _submit(client, attempt, form):
    url = reverse("assessments:quiz_submit", kwargs={"attempt_id": attempt.pk})
    return client.post(url, form)


def test_the_quiz_page_offers_a_start_and_is_never_cached(setup):
    quiz, _enrollment, client = setup
    response = client.get(quiz.url)
    assert response.status_code == 200
    assert "受験を始める" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_page_never_holds_the_answers_or_the_feedback_before_submission(setup):
    quiz, _enrollment, client = setup
    _start(client, quiz)
    html = client.get(quiz.url).content.decode()
    assert "提出する" in html and "支援調整会議" in html
    for question in quiz_questions(quiz):
        assert question.feedback not in html
    for secret in ("correct", "right", 'value="アセスメント"', "正解とする"):
        assert secret not in html
    # The right choice's id is there (it must be choosable) but never marked as right.
    single = question_of(quiz, Kind.SINGLE)
    right_id = next(o.id for o in single.options if o.correct)
    assert f'value="{right_id}" checked' not in html


def test_ordering_items_are_shuffled_per_attempt_and_never_in_the_right_order(setup):
    quiz, _enrollment, client = setup
    _start(client, quiz)
    html = client.get(quiz.url).content.decode()
    positions = [html.index(f'class="quiz-ordering__text">{text}<') for text in ORDER]
    assert positions != sorted(positions)
    # The same attempt shows the same order every time.
    assert client.get(quiz.url).content.decode().count("quiz-ordering__item") == len(ORDER)
    again = client.get(quiz.url).content.decode()
    assert [again.index(f">{text}<") for text in ORDER] == [
        html.index(f">{text}<") for text in ORDER
    ]


def test_a_right_submission_passes_and_shows_the_mark_and_the_review(setup):
    quiz, enrollment, client = setup
    _start(client, quiz)
    attempt = QuizAttempt.objects.get(enrollment=enrollment)
    response = _submit(client, attempt, right_form(quiz))
    # 303 See Other: the browser GETs the result, and a reload never sends the answers again.
    assert response.status_code == 303
    assert response["Location"] == reverse(
        "assessments:quiz_attempt", kwargs={"attempt_id": attempt.pk}
    )
    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score, attempt.passed) == (10, 10, True)
    assert attempt.submitted_at is not None
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "10点 / 10点" in html and "合格" in html
    assert "流れの解説" in html and "正しい順" in html
    assert "no-store" in page["Cache-Control"]


def test_a_wrong_submission_fails_and_may_start_again_up_to_the_limit(setup):
    quiz, enrollment, client = setup
    for number in range(1, quiz.attempts_limit + 1):
        _start(client, quiz)
        attempt = QuizAttempt.objects.get(enrollment=enrollment, number=number)
        _submit(client, attempt, wrong_form(quiz))
        attempt.refresh_from_db()
        assert (attempt.score, attempt.passed) == (0, False)
    html = client.get(quiz.url).content.decode()
    assert "受験できる回数を使い切りました" in html
    assert "受験を始める" not in html and "もう一度受験する" not in html
    assert html.count("不合格") == quiz.attempts_limit


def test_review_never_shows_only_the_mark(setup):
    quiz, enrollment, client = setup
    quiz.review = QuizReview.NEVER
    quiz.save_revision().publish()
    _start(client, quiz)
    attempt = QuizAttempt.objects.get(enrollment=enrollment)
    _submit(client, attempt, right_form(quiz))
    html = client.get(
        reverse("assessments:quiz_attempt", kwargs={"attempt_id": attempt.pk})
    ).content.decode()
    assert "10点 / 10点" in html
    assert "流れの解説" not in html and "正しい順" not in html
    assert "正解と解説を表示しません" in html


def test_review_after_close_waits_for_the_window_to_close(setup):
    quiz, enrollment, client = setup
    quiz.review = QuizReview.AFTER_CLOSE
    quiz.closes_at = timezone.now() + timedelta(hours=1)
    quiz.save_revision().publish()
    _start(client, quiz)
    attempt = QuizAttempt.objects.get(enrollment=enrollment)
    _submit(client, attempt, right_form(quiz))
    url = reverse("assessments:quiz_attempt", kwargs={"attempt_id": attempt.pk})
    assert "流れの解説" not in client.get(url).content.decode()
    quiz.refresh_from_db()
    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save_revision().publish()
    assert "流れの解説" in client.get(url).content.decode()


def test_short_answers_fold_kana_and_width(setup):
    quiz, enrollment, client = setup
    _start(client, quiz)
    attempt = QuizAttempt.objects.get(enrollment=enrollment)
    form = right_form(quiz)
    short = question_of(quiz, Kind.SHORT)
    form[f"q__{short.key}"] = ["あせすめんと"]
    _submit(client, attempt, form)
    attempt.refresh_from_db()
    assert attempt.marks[short.key]["correct"] is True


def test_the_trainee_sees_the_list_of_own_attempts(setup):
    quiz, enrollment, client = setup
    _start(client, quiz)
    first = QuizAttempt.objects.get(enrollment=enrollment)
    _submit(client, first, wrong_form(quiz))
    _start(client, quiz)
    second = QuizAttempt.objects.get(enrollment=enrollment, number=2)
    _submit(client, second, right_form(quiz))
    html = client.get(quiz.url).content.decode()
    assert "これまでの受験" in html
    for attempt in (first, second):
        assert reverse("assessments:quiz_attempt", kwargs={"attempt_id": attempt.pk}) in html


def test_passing_refreshes_completion_in_the_same_request(setup, monkeypatch):
    quiz, enrollment, client = setup
    seen = []
    from assessments.services import completion

    original = completion.completion_refresh
    monkeypatch.setattr(
        completion,
        "completion_refresh",
        lambda *, enrollment: seen.append(enrollment.pk) or original(enrollment=enrollment),
    )
    _start(client, quiz)
    attempt = QuizAttempt.objects.get(enrollment=enrollment)
    _submit(client, attempt, right_form(quiz))
    assert seen == [enrollment.pk]


def test_a_cms_preview_shows_the_questions_without_their_answers(setup):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    quiz, _enrollment, _client = setup
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = quiz.make_preview_request(request)
    if hasattr(response, "render"):
        response.render()
    html = response.content.decode()
    assert response.status_code == 200
    assert "プレビュー" in html and "支援調整会議" in html
    assert "流れの解説" not in html and "提出する" not in html
