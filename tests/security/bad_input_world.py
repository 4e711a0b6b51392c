"""The small world both halves of the bad-input corpus run in: one 大分県 of every role."""

from dataclasses import dataclass, field

from accounts.models import Organisation, Prefecture, Role, User
from courses import services as course_services
from courses.models import Cohort, Enrollment, LessonPage
from workshops.models import Workshop


@dataclass
class World:
    """Everyone and everything a form or frame of the project needs an id of."""

    oita: Prefecture
    admin: User
    facilitator: User
    trainee: User
    invited: User
    editor: User
    organisation: Organisation
    workshop: Workshop
    cohort: Cohort
    enrollment: Enrollment
    invited_enrollment: Enrollment
    lesson: LessonPage
    case_page_id: int | None = None
    finding_id: int | None = None
    #: assessments' objects by name (tests/security/bad_input_assessments.py)
    assessments: dict = field(default_factory=dict)
    #: planning's objects by name (tests/security/bad_input_planning.py)
    planning: dict = field(default_factory=dict)
    #: certificates' objects by name (tests/security/bad_input_certificates.py)
    certificates: dict = field(default_factory=dict)
    #: casestudies' objects by name (tests/security/bad_input_casestudies.py)
    casestudies: dict = field(default_factory=dict)

    def roles(self) -> dict[str, User | None]:
        """Who may use which screen: each page is read as every one of them."""
        return {
            "anonymous": None,
            "admin.oita": self.admin,
            "facilitator.oita": self.facilitator,
            "trainee.oita": self.trainee,
            "invited.oita": self.invited,
            "editor": self.editor,
        }


def _lesson_with_questions(cohort: Cohort) -> LessonPage:
    """The cohort's first lesson, asking 振り返りの問い so the answer form joins the corpus."""
    from tests.course_fixtures import lesson_body

    lesson = LessonPage.objects.child_of(cohort.program).live().first().specific
    lesson.body = [*lesson_body(), ("questions", {"title": "振り返りの問い", "items": ["問い"]})]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def build_world(
    *, oita, make_person, make_workshop, make_organisation, make_cohort, editor=None, case=None
) -> World:
    setup = make_workshop(oita, trainees=4, group_size=2)
    cohort = setup.workshop.cohort
    invited = make_person(oita, Role.TRAINEE)
    second = make_cohort(cohort.program, oita)
    invited_enrollment = course_services.enrollment_create(
        trainee=invited, cohort=second, status=Enrollment.Status.INVITED
    )
    if editor is None:
        from django.contrib.auth.models import Group

        editor = User.objects.create_user(
            email="bad-input-editor@example.jp", password="x" * 12, full_name="編集 担当"
        )
        editor.groups.add(Group.objects.get(name="Editors"))
    world = World(
        oita=oita,
        admin=make_person(oita, Role.PREFECTURE_ADMIN),
        facilitator=setup.facilitator,
        trainee=setup.trainee_in(1),
        invited=invited,
        editor=editor,
        organisation=make_organisation(oita, municipality="大分市"),
        workshop=setup.workshop,
        cohort=cohort,
        enrollment=cohort.enrollments.order_by("pk").first(),
        invited_enrollment=invited_enrollment,
        lesson=_lesson_with_questions(cohort),
    )
    from .bad_input_assessments import build as build_assessments

    build_assessments(world)
    from .bad_input_planning import build as build_planning

    build_planning(world)
    from .bad_input_certificates import build as build_certificates

    build_certificates(world)
    if case is not None:
        world.case_page_id = case.pk
        world.finding_id = case.source.findings.order_by("pk").first().pk
        from .bad_input_casestudies import build as build_casestudies

        build_casestudies(world, case)
    return world
