"""The demo quiz: ten questions on 講義② under 前期共通プログラム, one putting the support process in order."""

from io import StringIO

import pytest
from django.core.management import call_command

from assessments.demo.quizzes import PAGE_SLUG
from assessments.marking import Kind
from assessments.models import QuizAttempt, QuizPage
from assessments.selectors.quizzes import quiz_questions

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_quiz_passed_by_trainee2_and_open_for_trainee():
    call_command("seed_demo", "--password", "demo-pass-123", stdout=StringIO())
    quiz = QuizPage.objects.live().get(slug=PAGE_SLUG)
    assert quiz.get_parent().slug == "zenki-kyotsu"
    questions = quiz_questions(quiz)
    assert len(questions) == 10
    (ordering,) = [q for q in questions if q.kind == Kind.ORDERING]
    assert [o.text for o in ordering.options][:3] == [
        "把握・アウトリーチ",
        "アセスメント",
        "プラン策定",
    ]
    assert {q.kind for q in questions} == set(Kind)
    passed = QuizAttempt.objects.get(
        quiz=quiz, enrollment__trainee__email="trainee2.oita@example.jp"
    )
    assert passed.passed and passed.score == passed.max_score
    assert not QuizAttempt.objects.filter(
        enrollment__trainee__email="trainee.oita@example.jp"
    ).exists()

    call_command("seed_demo", "--password", "demo-pass-123", stdout=StringIO())
    assert QuizPage.objects.filter(slug=PAGE_SLUG).count() == 1
    assert QuizAttempt.objects.count() == 1
