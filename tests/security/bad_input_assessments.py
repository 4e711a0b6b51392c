"""大分県's assessments for the bad-input corpus: each part adds the objects its forms need.

Every object lands in `world.assessments[name]`.
"""


def _worksheet(world) -> None:
    """A worksheet page, the trainee's empty draft (their form) and another's plan to review."""
    from assessments.models.worksheets import PlanWorksheetPage
    from assessments.services import worksheets as worksheet_services

    page = PlanWorksheetPage(
        title="プラン作成演習",
        slug="plan-worksheet",
        rubric=[("criterion", {"label": "課題の整理", "description": "", "max_points": 5})],
    )
    world.cohort.program.add_child(instance=page)
    page.save_revision().publish()
    page = PlanWorksheetPage.objects.get(pk=page.pk)
    own = world.cohort.enrollments.get(trainee=world.trainee)
    worksheet_services.worksheet_start(enrollment=own, page=page)
    other = world.cohort.enrollments.exclude(trainee=world.trainee).order_by("pk").first()
    submitted = worksheet_services.worksheet_start(enrollment=other, page=page)
    plan = "家賃の滞納が続いている。"
    worksheet_services.worksheet_submit(
        worksheet=submitted,
        values={
            "issues": plan,
            "long_term_goal": plan,
            "short_term_goal": plan,
            "own_actions": plan,
            "support": plan,
            "services": ["housing"],
            "plan_period": "6か月",
            "next_monitoring": "1か月後",
            "consent": True,
        },
    )
    world.assessments["worksheet_page"] = page
    world.assessments["worksheet"] = submitted


def _ratings_and_survey(world) -> None:
    """A program whose cohort's training day has passed, so the trainee is shown both forms.

    Its own program and cohort: the shared cohort's dates and lessons stay as other parts need.
    """
    from datetime import date

    from assessments.models import SelfRatingPage, SurveyPage
    from courses import services as course_services
    from courses.models import ProgramPage

    program = ProgramPage(
        title="評価の研修",
        slug="rating-survey-program",
        kind="zenki_common",
        national_days=3,
        cascade_days=1,
        summary="概要",
        learning_goals="目標",
        completion_note="すべての講義を完了すること",
    )
    world.cohort.program.get_parent().add_child(instance=program)
    program.save_revision().publish()
    cohort = course_services.cohort_create(
        program=program,
        prefecture=world.oita,
        fiscal_year=2025,
        title="評価の回",
        starts_on=date(2025, 11, 9),
        ends_on=date(2025, 11, 10),
    )
    course_services.enrollment_create(trainee=world.trainee, cohort=cohort)
    rating = SelfRatingPage(
        title="自己評価",
        slug="self-rating",
        statements=[("statement", {"text": "支援調整会議の役割を説明できる"})],
    )
    program.add_child(instance=rating)
    rating.save_revision().publish()
    survey = SurveyPage(
        title="研修評価アンケート",
        slug="survey",
        questions=[
            (
                "rating",
                {"text": "役立ちましたか", "low_label": "低", "high_label": "高", "required": True},
            ),
            ("text", {"text": "ご意見", "required": False}),
        ],
    )
    program.add_child(instance=survey)
    survey.save_revision().publish()
    world.assessments["rating_page"] = SelfRatingPage.objects.get(pk=rating.pk)
    world.assessments["survey_page"] = SurveyPage.objects.get(pk=survey.pk)
    world.assessments["rating_cohort"] = cohort


def _quiz(world) -> None:
    """A quiz of every question kind with the trainee's attempt open, so its answer form shows."""
    from assessments.models import QuizPage
    from assessments.services.quizzes import quiz_attempt_start

    choices = [{"text": "支援調整会議", "correct": True}, {"text": "家計相談", "correct": False}]
    quiz = QuizPage(
        title="小テスト",
        slug="quiz",
        questions=[
            ("single", {"prompt": "択一", "choices": choices, "points": 1, "feedback": ""}),
            ("multiple", {"prompt": "複数", "choices": choices, "points": 1, "feedback": ""}),
            ("true_false", {"prompt": "○×", "answer": "true", "points": 1, "feedback": ""}),
            (
                "short",
                {"prompt": "短答", "accepted": ["アセスメント"], "points": 1, "feedback": ""},
            ),
            (
                "ordering",
                {
                    "prompt": "並べ替え",
                    "items": ["把握", "アセスメント", "プラン策定"],
                    "points": 1,
                },
            ),
        ],
    )
    world.cohort.program.add_child(instance=quiz)
    quiz.save_revision().publish()
    quiz = QuizPage.objects.get(pk=quiz.pk)
    own = world.cohort.enrollments.get(trainee=world.trainee)
    world.assessments["quiz_page"] = quiz
    world.assessments["quiz_attempt"] = quiz_attempt_start(quiz=quiz, enrollment=own)


def _completion(world) -> None:
    """The cohort program's rule, so its CMS edit form joins the corpus (the editor reads it)."""
    from assessments.models import CompletionRule
    from assessments.services.completion import completion_rule_save

    rule = CompletionRule(program=world.cohort.program)
    completion_rule_save(rule=rule)
    world.assessments["completion_rule"] = rule


def build(world) -> None:
    """Make the quiz, worksheet, rating and survey pages and rows the corpus's forms need."""
    _worksheet(world)
    _quiz(world)
    _ratings_and_survey(world)
    _completion(world)
