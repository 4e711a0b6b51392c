"""Two prefectures for the matrix: 大分県's people in every role, and 高知県's rich, marked data.

Every string that names one of 高知県's people or things carries a marker from
MARKERS, so a leak is found by looking for the markers in whatever comes back.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts import services as account_services
from accounts.models import Organisation, Prefecture, Role, User
from base import demo as base_demo
from courses import selectors as course_selectors
from courses import services as course_services
from courses.models import Cohort, Enrollment, LessonPage, ProgramIndexPage, ProgramPage
from workshops import services as workshop_services
from workshops.methods import Method
from workshops.models import Post, Workshop, WorkshopGroup

from ..course_fixtures import lesson_body

#: Every 高知県 name, e-mail, title and text below contains one of these.
MARKERS = ("高知秘密", "secret-kochi")

ROLES = (Role.TRAINEE, Role.FACILITATOR, Role.COMMITTEE, Role.PREFECTURE_ADMIN)
TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass
class Side:
    """One prefecture's people and objects."""

    prefecture: Prefecture
    people: dict[str, User] = field(default_factory=dict)
    trainees: list[User] = field(default_factory=list)
    organisation: Organisation | None = None
    program: ProgramPage | None = None
    lesson: LessonPage | None = None
    cohort: Cohort | None = None
    enrollment: Enrollment | None = None
    invited_enrollment: Enrollment | None = None
    workshop: Workshop | None = None
    groups: list[WorkshopGroup] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    membership: object = None
    invitation: object = None
    #: assessments' objects by name (tests/security/world_assessments.py)
    assessments: dict = field(default_factory=dict)
    #: planning's objects by name (tests/security/world_planning.py)
    planning: dict = field(default_factory=dict)
    #: certificates' objects by name (tests/security/world_certificates.py)
    certificates: dict = field(default_factory=dict)


@dataclass
class World:
    """大分県 (who asks), 高知県 (who must stay unseen) and the CMS objects no prefecture owns."""

    oita: Side
    kochi: Side
    cms: dict = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)


def _prefecture(code: str) -> Prefecture:
    from accounts.prefecture_data import PREFECTURES

    _code, name, name_en = next(row for row in PREFECTURES if row[0] == code)
    prefecture, _ = Prefecture.objects.get_or_create(
        code=code, defaults={"name": name, "name_en": name_en, "slug": name_en.lower()}
    )
    return prefecture


def _person(prefecture, role, *, email: str, full_name: str, organisation=None) -> User:
    user = User.objects.create_user(email=email, full_name=full_name, furigana="ひみつ")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    account_services.membership_grant(
        user=user, prefecture=prefecture, role=role, organisation=organisation
    )
    return user


def _program(index: ProgramIndexPage, slug: str, title: str) -> tuple[ProgramPage, LessonPage]:
    program = ProgramPage(
        title=title,
        slug=slug,
        kind="zenki_common",
        national_days=3,
        cascade_days=1,
        summary="概要",
        learning_goals="目標",
        completion_note="すべての講義を完了すること",
    )
    index.add_child(instance=program)
    program.save_revision().publish()
    lesson = LessonPage(
        title="講義1", slug="lesson-1", objectives="目標", estimated_minutes=30, body=lesson_body()
    )
    program.add_child(instance=lesson)
    lesson.save_revision().publish()
    return program, lesson


def _workshop(side: Side, title: str, facilitator: User) -> None:
    side.workshop = workshop_services.workshop_create(
        cohort=side.cohort,
        title=title,
        starts_at=datetime(2026, 11, 24, 13, 0, tzinfo=TOKYO),
        method=Method.GSV,
        facilitators=[facilitator],
        group_size=2,
    )
    side.groups = workshop_services.groups_assign(workshop=side.workshop, group_size=2)


def _invitation(kochi: Side):
    """An open invitation of 高知県 to a new address (the model arrives with issue #10's fix)."""
    from accounts import models

    invitation_model = getattr(models, "Invitation", None)
    if invitation_model is None:
        return None
    return invitation_model.objects.create(
        prefecture=kochi.prefecture,
        email="secret-kochi-invitee@example.jp",
        full_name="高知秘密招待",
        role=Role.TRAINEE,
        organisation=kochi.organisation,
        invited_by=kochi.people[Role.PREFECTURE_ADMIN],
    )


def _reflection(kochi: Side) -> None:
    """高知県's lesson asks a question, and a trainee's kept answer must stay unseen."""
    kochi.lesson.body = [
        *lesson_body(),
        ("questions", {"title": "問い", "items": ["高知秘密の問い"]}),
    ]
    kochi.lesson.save_revision().publish()
    kochi.lesson = LessonPage.objects.get(pk=kochi.lesson.pk)
    (question,) = course_selectors.reflection_questions(kochi.lesson)
    course_services.reflection_save(
        enrollment=kochi.enrollment,
        lesson=kochi.lesson,
        answers={question.key: "高知秘密の振り返り"},
    )


def _kochi(index: ProgramIndexPage, case_page) -> Side:
    kochi = Side(prefecture=_prefecture("39"))
    kochi.organisation = account_services.organisation_create(
        prefecture=kochi.prefecture,
        name="高知秘密相談所",
        kind=Organisation.Kind.SELF_RELIANCE,
        municipality="高知秘密町",
    )
    for role, name in (
        (Role.FACILITATOR, "高知秘密進行"),
        (Role.COMMITTEE, "高知秘密委員"),
        (Role.PREFECTURE_ADMIN, "高知秘密管理"),
    ):
        kochi.people[role] = _person(
            kochi.prefecture,
            role,
            email=f"secret-kochi-{role}@example.jp",
            full_name=name,
            organisation=kochi.organisation,
        )
    for number, name in enumerate(("高知秘密太郎", "高知秘密花子", "高知秘密次郎", "高知秘密三子")):
        kochi.trainees.append(
            _person(
                kochi.prefecture,
                Role.TRAINEE,
                email=f"secret-kochi-trainee{number}@example.jp",
                full_name=name,
                organisation=kochi.organisation,
            )
        )
    kochi.people[Role.TRAINEE] = kochi.trainees[0]
    kochi.membership = kochi.trainees[0].memberships.get(role=Role.TRAINEE)
    kochi.invitation = _invitation(kochi)
    kochi.program, kochi.lesson = _program(index, "kochi-only-program", "高知県だけの研修")
    facilitator = kochi.people[Role.FACILITATOR]
    kochi.cohort = course_services.cohort_create(
        program=kochi.program,
        prefecture=kochi.prefecture,
        fiscal_year=2026,
        title="高知秘密の回",
        starts_on=date(2026, 11, 9),
        ends_on=date(2026, 12, 18),
        venue="高知秘密会場",
        capacity=40,
        facilitators=[facilitator],
    )
    enrollments = [
        course_services.enrollment_create(trainee=trainee, cohort=kochi.cohort)
        for trainee in kochi.trainees[:3]
    ]
    kochi.enrollment = enrollments[0]
    kochi.invited_enrollment = course_services.enrollment_create(
        trainee=kochi.trainees[3], cohort=kochi.cohort, status=Enrollment.Status.INVITED
    )
    course_services.lesson_position_save(
        enrollment=kochi.enrollment, lesson=kochi.lesson, position="block-2"
    )
    course_services.lesson_complete(enrollment=enrollments[1], lesson=kochi.lesson)
    _reflection(kochi)
    _workshop(kochi, "高知秘密の演習", facilitator)
    kochi.workshop.case_study = case_page
    kochi.workshop.save(update_fields=["case_study"])
    for trainee in kochi.trainees[:3]:
        post, _created = workshop_services.post_create(
            workshop_id=kochi.workshop.pk,
            author=trainee,
            kind="strength",
            text=f"高知秘密の投稿（{trainee.full_name}）",
            client_id=f"kochi-{trainee.pk}",
        )
        kochi.posts.append(post)
        attendance = workshop_services.attendance_open(workshop_id=kochi.workshop.pk, user=trainee)
        workshop_services.attendance_close(attendance_id=attendance.pk)
    workshop_services.announcement_create(
        workshop=kochi.workshop, author=facilitator, text="高知秘密のお知らせ"
    )
    workshop_services.highlight_set(
        workshop=kochi.workshop, post_id=kochi.posts[0].pk, by=facilitator
    )
    from .world_assessments import build as build_assessments

    build_assessments(kochi)
    from .world_planning import build as build_planning

    build_planning(kochi)
    from .world_certificates import build as build_certificates

    build_certificates(kochi)
    return kochi


def _oita(index: ProgramIndexPage) -> Side:
    oita = Side(prefecture=_prefecture("44"))
    oita.organisation = account_services.organisation_create(
        prefecture=oita.prefecture, name="大分相談所", kind=Organisation.Kind.SHAKYO
    )
    for role in ROLES:
        oita.people[role] = _person(
            oita.prefecture,
            role,
            email=f"oita-{role}@example.jp",
            full_name=f"大分 {role}",
            organisation=oita.organisation,
        )
    oita.trainees = [oita.people[Role.TRAINEE]] + [
        _person(
            oita.prefecture,
            Role.TRAINEE,
            email=f"oita-trainee{number}@example.jp",
            full_name=f"大分 受講者{number}",
        )
        for number in range(1, 4)
    ]
    oita.program, oita.lesson = _program(index, "oita-program", "大分県の研修")
    facilitator = oita.people[Role.FACILITATOR]
    oita.cohort = course_services.cohort_create(
        program=oita.program,
        prefecture=oita.prefecture,
        fiscal_year=2026,
        title="大分の回",
        starts_on=date(2026, 11, 9),
        ends_on=date(2026, 12, 18),
        facilitators=[facilitator],
    )
    enrollments = [
        course_services.enrollment_create(trainee=trainee, cohort=oita.cohort)
        for trainee in oita.trainees
    ]
    oita.enrollment = enrollments[0]
    _workshop(oita, "大分の演習", facilitator)
    return oita


def _cms_objects(home) -> dict:
    """Wagtail's own objects, none of them a prefecture's: ids to fill the CMS URLs with."""
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import Collection, Site, Task, Workflow

    png = io.BytesIO()
    PILImage.new("RGB", (4, 4), "white").save(png, "PNG")
    image = Image.objects.create(title="図", file=ImageFile(png, name="matrix.png"))
    document = Document.objects.create(
        title="資料", file=ContentFile(b"%PDF-1.4\n", name="matrix.pdf")
    )
    workflow = Workflow.objects.first() or Workflow.objects.create(name="承認")
    task = Task.objects.first()
    return {
        "home": home,
        "image": image,
        "document": document,
        "collection": Collection.get_first_root_node(),
        "site": Site.objects.get(is_default_site=True),
        "group": Group.objects.get(name="Editors"),
        "redirect": Redirect.objects.create(old_path="/matrix-old", redirect_link="/"),
        "workflow": workflow,
        "task": task,
    }


def _case(index, reviewer):
    from casestudies import services as case_services
    from casestudies.models import CaseStudyIndexPage, Finding

    from ..casestudy_fixtures import REPORT

    case_index = CaseStudyIndexPage(title="事例", slug="cases")
    index.get_parent().add_child(instance=case_index)
    case_index.save_revision().publish()
    page = case_services.case_import(
        index=case_index, title="港町の相談支援", text=REPORT, user=reviewer
    )
    return page, Finding.objects.filter(source__page=page).first()


def build_world(*, cases: bool = True) -> World:
    """Make both prefectures; `cases=False` skips the anonymiser, which sockets do not need."""
    home = base_demo.seed()
    index = ProgramIndexPage(title="研修プログラム", slug="programs")
    home.add_child(instance=index)
    index.save_revision().publish()
    cms = {"home": home}
    case_page = finding = None
    if cases:
        cms = _cms_objects(home)
        reviewer = User.objects.create_user(email="reviewer@example.jp", full_name="確認 担当")
        reviewer.groups.add(
            Group.objects.get(name="Editors"), Group.objects.get(name="事例の匿名化担当")
        )
        case_page, finding = _case(index, reviewer)
    cms.update(case_page=case_page, finding=finding)
    world = World(oita=_oita(index), kochi=_kochi(index, case_page), cms=cms)
    return world
