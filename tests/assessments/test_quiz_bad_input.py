"""The issue's bad input for quizzes: each refused in Japanese, no 500, and nothing kept."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from assessments.marking import Kind
from assessments.models import QuizAttempt
from assessments.services.quizzes import QuizError, quiz_attempt_start, quiz_attempt_submit

from .quiz_factories import make_quiz, question_of, right_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_program, oita, enrolled_trainee, client):
    program = make_program(lessons=1)
    quiz = make_quiz(program)
    trainee, enrollment = enrolled_trainee(program, oita)
    client.force_login(trainee)
    attempt = quiz_attempt_start(quiz=quiz, enrollment=enrollment)
    return quiz, attempt, client


def _submit(client, attempt, form):
    return client.post(reverse("assessments:quiz_submit", kwargs={"attempt_id": attempt.pk}), form)


def _refused_and_unkept(response, attempt, text: str) -> None:
    assert response.status_code == 400
    assert text in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.answers == {} and attempt.score is None


def test_a_tampered_choice_id_is_refused(setup):
    quiz, attempt, client = setup
    form = right_form(quiz)
    single = question_of(quiz, Kind.SINGLE)
    form[f"q__{single.key}"] = ["00000000-0000-0000-0000-000000000000"]
    _refused_and_unkept(_submit(client, attempt, form), attempt, "選択肢が正しくありません")


def test_two_choices_for_a_single_choice_question_are_refused(setup):
    quiz, attempt, client = setup
    form = right_form(quiz)
    single = question_of(quiz, Kind.SINGLE)
    form[f"q__{single.key}"] = single.option_ids()[:2]
    _refused_and_unkept(_submit(client, attempt, form), attempt, "選択肢が正しくありません")


def test_a_tampered_order_id_is_refused(setup):
    quiz, attempt, client = setup
    form = right_form(quiz)
    ordering = question_of(quiz, Kind.ORDERING)
    first = ordering.option_ids()[0]
    form[f"o__{ordering.key}__not-an-item"] = form.pop(f"o__{ordering.key}__{first}")
    _refused_and_unkept(_submit(client, attempt, form), attempt, "並べ替えの項目が正しくありません")


@pytest.mark.parametrize(
    "positions",
    [["1", "1", "2", "3"], ["0", "1", "2", "3"], ["1", "2", "3", "99"], ["いち", "2", "3", "4"]],
)
def test_order_positions_must_be_each_number_once(setup, positions):
    quiz, attempt, client = setup
    form = right_form(quiz)
    ordering = question_of(quiz, Kind.ORDERING)
    for item, position in zip(ordering.option_ids(), positions, strict=True):
        form[f"o__{ordering.key}__{item}"] = [position]
    response = _submit(client, attempt, form)
    assert "並べ替え" in response.content.decode()
    _refused_and_unkept(response, attempt, "問5")


def test_an_answer_to_another_quizs_question_is_refused(setup):
    quiz, attempt, client = setup
    other = make_quiz(quiz.get_parent())
    form = right_form(quiz)
    foreign = question_of(other, Kind.SINGLE)
    form[f"q__{foreign.key}"] = [foreign.option_ids()[0]]
    _refused_and_unkept(_submit(client, attempt, form), attempt, "この小テストにない問い")


def test_an_unanswered_question_is_refused(setup):
    quiz, attempt, client = setup
    form = right_form(quiz)
    form.pop(f"q__{question_of(quiz, Kind.MULTIPLE).key}")
    _refused_and_unkept(_submit(client, attempt, form), attempt, "答えていない問いがあります")


@pytest.mark.parametrize(
    ("text", "message"),
    [("あ" * 201, "200文字以内"), ("相談\x00支援", "制御文字"), ("相談\ufffd支援", "文字化け")],
)
def test_a_bad_short_answer_is_refused(setup, text, message):
    quiz, attempt, client = setup
    form = right_form(quiz)
    form[f"q__{question_of(quiz, Kind.SHORT).key}"] = [text]
    _refused_and_unkept(_submit(client, attempt, form), attempt, message)


def test_submitting_twice_keeps_the_first_and_shows_its_result(setup):
    quiz, attempt, client = setup
    first = _submit(client, attempt, right_form(quiz))
    attempt.refresh_from_db()
    submitted_at, score = attempt.submitted_at, attempt.score
    second = _submit(client, attempt, {})
    assert second["Location"] == first["Location"]
    page = client.get(second["Location"])
    assert "この回答はすでに提出されています" in page.content.decode()
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.score) == (submitted_at, score)
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1


def test_the_service_refuses_a_second_submission(setup):
    quiz, attempt, _client = setup
    quiz_attempt_submit(attempt=attempt, form=right_form(quiz))
    with pytest.raises(QuizError) as refused:
        quiz_attempt_submit(attempt=attempt, form=right_form(quiz))
    assert refused.value.code == "submitted"


def test_a_double_start_makes_one_attempt(setup):
    quiz, attempt, client = setup
    url = reverse("assessments:quiz_start", kwargs={"quiz_id": quiz.pk})
    client.post(url)
    client.post(url)
    assert list(QuizAttempt.objects.filter(quiz=quiz).values_list("pk", flat=True)) == [attempt.pk]


def test_starting_after_the_limit_is_refused(setup):
    quiz, attempt, client = setup
    quiz.attempts_limit = 1
    quiz.save_revision().publish()
    quiz_attempt_submit(attempt=attempt, form=right_form(quiz))
    response = client.post(
        reverse("assessments:quiz_start", kwargs={"quiz_id": quiz.pk}), follow=True
    )
    assert "1回まで受験できます" in response.content.decode()
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1


def test_submitting_past_a_lowered_limit_is_refused(setup):
    quiz, attempt, client = setup
    quiz_attempt_submit(attempt=attempt, form=right_form(quiz))
    second = quiz_attempt_start(quiz=quiz, enrollment=attempt.enrollment)
    quiz.attempts_limit = 1
    quiz.save_revision().publish()
    response = _submit(client, second, right_form(quiz))
    assert "1回まで受験できます" in client.get(response["Location"]).content.decode()
    second.refresh_from_db()
    assert second.submitted_at is None


def test_submitting_after_the_window_closed_is_refused(setup):
    quiz, attempt, client = setup
    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save_revision().publish()
    assert "受験期間は終わりました" in client.get(quiz.url).content.decode()
    response = _submit(client, attempt, right_form(quiz))
    assert "受験期間は終わりました" in client.get(response["Location"]).content.decode()
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_starting_before_the_window_opens_is_refused(setup):
    quiz, attempt, client = setup
    quiz_attempt_submit(attempt=attempt, form=right_form(quiz))
    quiz.opens_at = timezone.now() + timedelta(days=1)
    quiz.save_revision().publish()
    response = client.post(
        reverse("assessments:quiz_start", kwargs={"quiz_id": quiz.pk}), follow=True
    )
    assert "まだ受験期間ではありません" in response.content.decode()
    assert QuizAttempt.objects.filter(quiz=quiz).count() == 1


def test_a_post_for_someone_elses_attempt_is_404(setup, make_person, oita, client):
    quiz, attempt, _client = setup
    for role in (Role.TRAINEE, Role.FACILITATOR, Role.PREFECTURE_ADMIN):
        client.force_login(make_person(oita, role))
        assert _submit(client, attempt, right_form(quiz)).status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_a_withdrawn_trainee_cannot_submit_their_open_attempt(setup):
    quiz, attempt, client = setup
    enrollment = attempt.enrollment
    enrollment.status = enrollment.Status.WITHDRAWN
    enrollment.save(update_fields=["status"])
    assert _submit(client, attempt, right_form(quiz)).status_code == 404


def test_a_quiz_without_questions_cannot_be_started(make_program, oita, enrolled_trainee):
    program = make_program(lessons=1)
    quiz = make_quiz(program, questions=[])
    _trainee, enrollment = enrolled_trainee(program, oita)
    with pytest.raises(QuizError) as refused:
        quiz_attempt_start(quiz=quiz, enrollment=enrollment)
    assert refused.value.code == "empty"
    assert not QuizAttempt.objects.filter(quiz=quiz).exists()
