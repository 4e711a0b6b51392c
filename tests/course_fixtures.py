"""Small programs, cohorts and enrollments, shared by every test that needs a course."""

import itertools
from datetime import date

import pytest

from accounts.models import Role
from base import demo as base_demo
from courses import services
from courses.models import LessonPage, ProgramIndexPage, ProgramPage

_numbers = itertools.count(1)


@pytest.fixture
def catalogue(db) -> ProgramIndexPage:
    home = base_demo.seed()
    index = ProgramIndexPage(title="研修プログラム", slug="programs")
    home.add_child(instance=index)
    return index


def lesson_body(text: str = "本文") -> list:
    return [
        ("heading", {"text": "ポイント", "level": "h2"}),
        ("paragraph", f"<p>{text}</p>"),
        ("markdown", "**強調**と<script>alert(1)</script>"),
    ]


@pytest.fixture
def make_program(catalogue):
    """Make a live program with `lessons` live lessons."""

    def make(
        lessons: int = 3, title: str | None = None, bodies: list[str] | None = None
    ) -> ProgramPage:
        number = next(_numbers)
        program = ProgramPage(
            title=title or f"前期共通プログラム{number}",
            slug=f"program-{number}",
            kind="zenki_common",
            national_days=3,
            cascade_days=1,
            summary="概要",
            learning_goals="目標1\n目標2",
            completion_note="すべての講義を完了すること",
        )
        catalogue.add_child(instance=program)
        program.save_revision().publish()
        for index in range(lessons):
            text = bodies[index] if bodies else f"講義{index + 1}の本文"
            lesson = LessonPage(
                title=f"講義{index + 1}",
                slug=f"lesson-{index + 1}",
                objectives="目標A\n目標B",
                estimated_minutes=30,
                body=lesson_body(text),
            )
            program.add_child(instance=lesson)
            lesson.save_revision().publish()
        return program

    return make


def lessons_of(program: ProgramPage) -> list[LessonPage]:
    return list(LessonPage.objects.child_of(program).live().order_by("path"))


@pytest.fixture
def make_cohort(make_person):
    def make(program: ProgramPage, prefecture, facilitators=()):
        return services.cohort_create(
            program=program,
            prefecture=prefecture,
            fiscal_year=2026,
            title=f"{prefecture.name}の回{next(_numbers)}",
            starts_on=date(2026, 11, 9),
            ends_on=date(2026, 12, 18),
            venue="会場",
            capacity=40,
            facilitators=facilitators,
        )

    return make


@pytest.fixture
def enrolled_trainee(make_person, make_cohort):
    """A trainee of `prefecture` enrolled in a new cohort of `program`."""

    def make(program: ProgramPage, prefecture, **fields):
        trainee = make_person(prefecture, Role.TRAINEE, **fields)
        cohort = make_cohort(program, prefecture)
        enrollment = services.enrollment_create(trainee=trainee, cohort=cohort)
        return trainee, enrollment

    return make
