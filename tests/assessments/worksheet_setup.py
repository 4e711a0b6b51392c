"""A program with a plan worksheet, its cohort's people, and helpers the worksheet tests share."""

from dataclasses import dataclass

import pytest

from accounts.models import Prefecture, Role, User
from assessments.models.worksheets import PlanWorksheetPage
from courses import services as course_services
from courses.models import Cohort, Enrollment, ProgramPage

RUBRIC = [
    (
        "criterion",
        {"label": "課題の整理", "description": "背景要因まで書けている", "max_points": 5},
    ),
    ("criterion", {"label": "本人の意向", "description": "", "max_points": 3}),
]

GOOD_PLAN = {
    "issues": "家賃の滞納が続き、退去を求められている。背景に失業と体調不良がある。",
    "long_term_goal": "安定した住まいで、自分のペースで働き続けたい。",
    "short_term_goal": "3か月以内に住まいを確保し、家計を立て直す。",
    "own_actions": "ハローワークに週1回通う。家計簿をつける。",
    "support": "住居確保給付金の申請を手伝い、家計相談につなぐ。",
    "services": ["housing", "household_budget"],
    "plan_period": "令和8年12月まで",
    "next_monitoring": "令和8年9月",
    "consent": True,
}


@dataclass
class PlanWorld:
    """One cohort of a program with a worksheet: its facilitator, trainees and administrator."""

    prefecture: Prefecture
    program: ProgramPage
    page: PlanWorksheetPage
    cohort: Cohort
    facilitator: User
    other_facilitator: User
    admin: User
    trainee: User
    enrollment: Enrollment
    other_trainee: User
    other_enrollment: Enrollment


def add_worksheet_page(program: ProgramPage, case=None, slug: str = "plan") -> PlanWorksheetPage:
    page = PlanWorksheetPage(
        title="プラン作成演習",
        slug=slug,
        intro="事例を読んでプランを書きます。",
        case_study=case,
        rubric=RUBRIC,
    )
    program.add_child(instance=page)
    page.save_revision().publish()
    return PlanWorksheetPage.objects.get(pk=page.pk)


@pytest.fixture
def plan_world(oita, make_program, make_cohort, make_person) -> PlanWorld:
    program = make_program(lessons=1)
    page = add_worksheet_page(program)
    facilitator = make_person(oita, Role.FACILITATOR)
    other_facilitator = make_person(oita, Role.FACILITATOR)
    cohort = make_cohort(program, oita, facilitators=[facilitator])
    make_cohort(program, oita, facilitators=[other_facilitator])
    trainee = make_person(oita, Role.TRAINEE)
    other_trainee = make_person(oita, Role.TRAINEE)
    return PlanWorld(
        prefecture=oita,
        program=program,
        page=page,
        cohort=cohort,
        facilitator=facilitator,
        other_facilitator=other_facilitator,
        admin=make_person(oita, Role.PREFECTURE_ADMIN),
        trainee=trainee,
        enrollment=course_services.enrollment_create(trainee=trainee, cohort=cohort),
        other_trainee=other_trainee,
        other_enrollment=course_services.enrollment_create(trainee=other_trainee, cohort=cohort),
    )


def criterion_ids(page: PlanWorksheetPage) -> list[str]:
    return [criterion["id"] for criterion in page.criteria()]
