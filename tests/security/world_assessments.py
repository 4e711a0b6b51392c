"""高知県's assessments for the prefecture matrix: each part adds what its URLs point at.

Every object lands in `kochi.assessments[name]`, and holds a MARKERS text where it
can, so the matrix sees it if a 大分県 role is ever shown it.
"""

from .world import Side


def _worksheet(kochi: Side) -> None:
    """A 高知県 trainee's submitted plan on a worksheet of 高知県's program."""
    from assessments.models.worksheets import PlanWorksheetPage
    from assessments.services import worksheets as worksheet_services

    page = PlanWorksheetPage(
        title="プラン作成演習",
        slug="plan-worksheet",
        rubric=[("criterion", {"label": "観点", "description": "", "max_points": 5})],
    )
    kochi.program.add_child(instance=page)
    page.save_revision().publish()
    worksheet = worksheet_services.worksheet_start(enrollment=kochi.enrollment, page=page)
    secret = "高知秘密のプラン"
    worksheet_services.worksheet_submit(
        worksheet=worksheet,
        values={
            "issues": secret,
            "long_term_goal": secret,
            "short_term_goal": secret,
            "own_actions": secret,
            "support": secret,
            "services": ["housing"],
            "plan_period": secret,
            "next_monitoring": secret,
            "consent": True,
        },
    )
    kochi.assessments["worksheet_page"] = page
    kochi.assessments["worksheet"] = worksheet


def _ratings_and_survey(kochi: Side) -> None:
    """高知県's self-rating answered before and after, and its named survey answered with secrets.

    The pages are CMS content every editor may see, so the markers are in the answers (and in
    the cohort's title on every report), never in page titles.
    """
    from datetime import date

    from assessments.models import SelfRatingPage, SurveyPage
    from assessments.services.ratings import self_rating_answer
    from assessments.services.surveys import survey_answer

    rating = SelfRatingPage(
        title="自己評価",
        slug="self-rating",
        statements=[("statement", {"text": "支援の流れを説明できる"})],
    )
    kochi.program.add_child(instance=rating)
    rating.save_revision().publish()
    rating = SelfRatingPage.objects.get(pk=rating.pk)
    (key,) = [block.id for block in rating.statements]
    for phase, score, today in (("before", 2, date(2026, 11, 1)), ("after", 4, date(2026, 12, 19))):
        self_rating_answer(
            enrollment=kochi.enrollment, page=rating, phase=phase, scores={key: score}, today=today
        )
    # Named, so its results would show 高知県's names and texts if they ever leaked.
    survey = SurveyPage(
        title="研修評価アンケート",
        slug="survey",
        anonymous=False,
        questions=[
            (
                "rating",
                {"text": "役立ちましたか", "low_label": "低", "high_label": "高", "required": True},
            ),
            ("text", {"text": "ご意見", "required": False}),
        ],
    )
    kochi.program.add_child(instance=survey)
    survey.save_revision().publish()
    survey = SurveyPage.objects.get(pk=survey.pk)
    rating_key, text_key = [block.id for block in survey.questions]
    for enrollment in kochi.cohort.enrollments.filter(status="enrolled").order_by("pk"):
        survey_answer(
            enrollment=enrollment,
            page=survey,
            answers={
                rating_key: "5",
                text_key: f"高知秘密の回答（{enrollment.trainee.full_name}）",
            },
            today=date(2026, 12, 19),
        )
    kochi.assessments["rating_page"] = rating
    kochi.assessments["survey_page"] = survey


def _quiz(kochi: Side) -> None:
    """高知県's quiz, a trainee's submitted attempt whose short answer is a secret, and an open one."""
    from assessments.marking import Kind
    from assessments.models import QuizPage
    from assessments.selectors.quizzes import quiz_questions
    from assessments.services.quizzes import quiz_attempt_start, quiz_attempt_submit

    # The page is CMS content, listed by Wagtail's page chooser: the secrets are in the attempt.
    quiz = QuizPage(
        title="小テスト",
        slug="quiz",
        questions=[
            (
                "single",
                {
                    "prompt": "高知秘密の問い",
                    "choices": [
                        {"text": "高知秘密の正解", "correct": True},
                        {"text": "誤り", "correct": False},
                    ],
                    "points": 1,
                    "feedback": "高知秘密の解説",
                },
            ),
            ("short", {"prompt": "語句", "accepted": ["高知秘密"], "points": 1, "feedback": ""}),
        ],
    )
    kochi.program.add_child(instance=quiz)
    quiz.save_revision().publish()
    quiz = QuizPage.objects.get(pk=quiz.pk)
    single, short = quiz_questions(quiz)
    assert single.kind == Kind.SINGLE and short.kind == Kind.SHORT
    attempt = quiz_attempt_start(quiz=quiz, enrollment=kochi.enrollment)
    quiz_attempt_submit(
        attempt=attempt,
        form={f"q__{single.key}": [single.options[0].id], f"q__{short.key}": ["高知秘密の答え"]},
    )
    other = kochi.cohort.enrollments.exclude(pk=kochi.enrollment.pk).order_by("pk").first()
    kochi.assessments["quiz_open_attempt"] = quiz_attempt_start(quiz=quiz, enrollment=other)
    kochi.assessments["quiz_page"] = quiz
    kochi.assessments["quiz_attempt"] = attempt


def _completion(kochi: Side) -> None:
    """高知県's program rule, and a step marked done by hand with a secret reason."""
    from accounts.models import Role
    from assessments.models import CompletionRule
    from assessments.services.completion import completion_override, completion_rule_save

    rule = CompletionRule(program=kochi.program, workshop_required=True)
    completion_rule_save(rule=rule)
    kochi.assessments["completion_rule"] = rule
    kochi.assessments["completion_override"] = completion_override(
        enrollment=kochi.enrollment,
        step_key=f"lesson-{kochi.lesson.pk}",
        reason="高知秘密の理由",
        by=kochi.people[Role.PREFECTURE_ADMIN],
    )


def build(kochi: Side) -> None:
    """Make 高知県's quiz attempt, worksheet, ratings, survey answers and completion state."""
    _worksheet(kochi)
    _quiz(kochi)
    _ratings_and_survey(kochi)
    _completion(kochi)
