"""Demo programs from the national lecture, and a cohort in each demo prefecture."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from accounts.models import Prefecture, User
from base.models import HomePage
from courses import services
from courses.demo_content import PROGRAMS
from courses.models import (
    Cohort,
    Enrollment,
    JobRole,
    LessonPage,
    ProgramIndexPage,
    ProgramPage,
)

INDEX_INTRO = (
    "国の研修（国研修）の4つのプログラムを、都道府県の伝達研修として学べます。"
    "講義名と概要は誰でも見られます。本文は、研修の回に登録された受講者が読めます。"
)
DEMO_FISCAL_YEAR = 2026
#: Lessons the demo trainee has already completed in the first program.
DEMO_DONE_LESSONS = 2


def _block(kind: str, value):
    """Turn the demo content's plain values into the lesson blocks' stored form."""
    if kind == "table":
        return (
            "table",
            {
                "data": [value["header"], *value["rows"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": value.get("caption", ""),
            },
        )
    if kind == "figure":
        rows = [{"label": r["label"], "value": Decimal(str(r["value"]))} for r in value["rows"]]
        return ("figure", {**value, "rows": rows})
    return (kind, value)


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _program(index: ProgramIndexPage, spec: dict) -> ProgramPage:
    existing = ProgramPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    program = ProgramPage(
        title=spec["title"],
        slug=spec["slug"],
        kind=spec["kind"],
        national_days=spec["national_days"],
        cascade_days=Decimal(str(spec["cascade_days"])),
        summary=spec["summary"],
        learning_goals=spec["learning_goals"],
        completion_note=spec["completion_note"],
    )
    index.add_child(instance=program)
    program.audience.set(JobRole.objects.filter(code__in=spec["audience"]))
    program.save_revision().publish()
    for lesson in spec["lessons"]:
        _publish(
            program,
            LessonPage(
                title=lesson["title"],
                slug=lesson["slug"],
                module=lesson["module"],
                objectives=lesson["objectives"],
                estimated_minutes=lesson["minutes"],
                body=[_block(kind, value) for kind, value in lesson["body"]],
            ),
        )
    return program


def _cohort(program: ProgramPage, slug: str) -> Cohort:
    prefecture = Prefecture.objects.get(slug=slug)
    title = f"令和8年度 {prefecture.name} 伝達研修（{program.title}）"
    cohort = Cohort.objects.filter(prefecture=prefecture, title=title).first()
    if cohort is None:
        cohort = services.cohort_create(
            program=program,
            prefecture=prefecture,
            fiscal_year=DEMO_FISCAL_YEAR,
            title=title,
            starts_on=date(2026, 11, 9),
            ends_on=date(2026, 12, 18),
            venue=f"{prefecture.name}内の研修会場（デモ）",
            capacity=40,
            facilitators=[User.objects.get(email=f"facilitator.{slug}@example.jp")],
        )
    trainee = User.objects.get(email=f"trainee.{slug}@example.jp")
    enrollment = Enrollment.objects.filter(trainee=trainee, cohort=cohort).first()
    if enrollment is None:
        enrollment = services.enrollment_create(trainee=trainee, cohort=cohort)
        lessons = list(LessonPage.objects.child_of(program).live().order_by("path"))
        for lesson in lessons[:DEMO_DONE_LESSONS]:
            services.lesson_complete(enrollment=enrollment, lesson=lesson)
    return cohort


@transaction.atomic
def seed() -> None:
    """Create the catalogue, the programs and lessons, and a cohort in 大分県 and 高知県."""
    home = HomePage.objects.get()
    index = ProgramIndexPage.objects.first()
    if index is None:
        index = _publish(
            home, ProgramIndexPage(title="研修プログラム", slug="programs", intro=INDEX_INTRO)
        )
    programs = [_program(index, spec) for spec in PROGRAMS]
    for slug in ("oita", "kochi"):
        _cohort(programs[0], slug)
