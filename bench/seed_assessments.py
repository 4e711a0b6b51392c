"""Seed the cohorts bench.assessments measures, on the bench server's own database.

Run as `python -m bench.seed_assessments --quiz-trainees 200 --cohort 500` with the
server's environment, after seed_demo. It prints one JSON object:

- a quiz cohort of 200 trainees of 前期共通プログラム, each with an open attempt on the
  demo quiz, and the form a trainee who knows every answer sends;
- a cohort of 500 (and one of 5) whose trainees have done every step of the demo rule
  but the last lesson: the quiz, worksheet, ratings and survey are marked done by the
  administrator, so completing that lesson is what completes each of them;
- a session key per person, made directly (signing 700 people in over HTTP would trip
  the login rate limit, which is the point of the limit).
"""

import argparse
import json
import os
import urllib.parse
from datetime import date, datetime

PROGRAM_SLUG = "zenki-kyotsu"
ADMIN_EMAIL = "admin.oita@example.jp"


def _session_for(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.backends.PasswordBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _cohort(program, prefecture, size: int, label: str):
    """A cohort of `size` new trainees of the prefecture (bulk, as a roster import would)."""
    from accounts.models import Membership, Role, User
    from courses import services as course_services
    from courses.models import Enrollment

    stamp = datetime.now().strftime("%H%M%S%f")
    cohort = course_services.cohort_create(
        program=program,
        prefecture=prefecture,
        fiscal_year=2026,
        title=f"ベンチマークの回（{label}） {stamp}",
        starts_on=date(2026, 11, 9),
        ends_on=date(2026, 12, 18),
        capacity=max(size, 1),
    )
    trainees = User.objects.bulk_create(
        [
            User(
                email=f"bench-{label}-{stamp}-{n}@example.jp",
                full_name=f"受講者 {label}{n:03d}",
                furigana=f"じゅこうしゃ {n:03d}",
                password="!",
            )
            for n in range(size)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=t, prefecture=prefecture, role=Role.TRAINEE) for t in trainees]
    )
    enrollments = Enrollment.objects.bulk_create(
        [Enrollment(trainee=t, cohort=cohort, status=Enrollment.Status.ENROLLED) for t in trainees]
    )
    return cohort, trainees, enrollments


def _all_but_the_last_lesson(cohort, enrollments, admin) -> int:
    """Every step but the last lesson done; returns that lesson's id."""
    from django.utils import timezone

    from assessments.models import CompletionOverride
    from assessments.selectors.completion import StepKind, program_plans
    from courses.models import LessonProgress

    plan = program_plans([cohort.program])[cohort.program_id]
    lessons = [step for step in plan.steps if step.kind == StepKind.LESSON]
    others = [step for step in plan.steps if step.kind != StepKind.LESSON]
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(enrollment=e, lesson_id=step.target_id, completed_at=now)
            for e in enrollments
            for step in lessons[:-1]
        ]
    )
    CompletionOverride.objects.bulk_create(
        [
            CompletionOverride(
                enrollment=e,
                step_key=step.key,
                step_label=step.label,
                reason="ベンチマークのため担当者が完了にしました",
                marked_by=admin,
            )
            for e in enrollments
            for step in others
        ]
    )
    return lessons[-1].target_id


def seed(quiz_trainees: int, cohort_size: int) -> dict:
    from django.conf import settings

    if settings.PRODUCTION:
        raise SystemExit("bench.seed_assessments refuses to run in production.")
    from accounts.models import Prefecture, User
    from assessments.demo.quizzes import right_form
    from assessments.models import QuizPage
    from assessments.services.quizzes import quiz_attempt_start
    from courses.models import LessonPage, ProgramPage

    program = ProgramPage.objects.get(slug=PROGRAM_SLUG)
    prefecture = Prefecture.objects.get(slug="oita")
    admin = User.objects.get(email=ADMIN_EMAIL)
    quiz = QuizPage.objects.child_of(program).live().first()
    if quiz is None:
        raise SystemExit("the demo has no quiz under 前期共通プログラム")

    _quiz_cohort, quiz_people, quiz_enrollments = _cohort(program, prefecture, quiz_trainees, "q")
    attempts = [quiz_attempt_start(quiz=quiz, enrollment=e) for e in quiz_enrollments]

    figures = {"quiz_id": quiz.pk, "quiz_url": quiz.url}
    figures["quiz_form"] = urllib.parse.urlencode(right_form(quiz), doseq=True)
    figures["quiz_trainees"] = [
        {"session": _session_for(person), "attempt_id": attempt.pk, "enrollment_id": e.pk}
        for person, attempt, e in zip(quiz_people, attempts, quiz_enrollments, strict=True)
    ]
    for key, size in (("small", 5), ("large", cohort_size)):
        cohort, people, enrollments = _cohort(program, prefecture, size, key[0])
        last = _all_but_the_last_lesson(cohort, enrollments, admin)
        figures[key] = {
            "cohort_id": cohort.pk,
            "last_lesson_id": last,
            "last_lesson_url": LessonPage.objects.get(pk=last).url,
            "trainees": [
                {"session": _session_for(person), "enrollment_id": e.pk}
                for person, e in zip(people, enrollments, strict=True)
            ],
        }
    figures["admin"] = {"id": admin.pk, "session": _session_for(admin)}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quiz-trainees", type=int, default=200)
    parser.add_argument("--cohort", type=int, default=500)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    print(json.dumps(seed(args.quiz_trainees, args.cohort)))


if __name__ == "__main__":
    main()
