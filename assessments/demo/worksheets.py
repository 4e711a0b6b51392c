"""Demo content of the worksheets part: the plan worksheet of 前期共通プログラム, and one plan waiting."""

from django.db import transaction

from accounts.models import User
from assessments.models.worksheets import PlanWorksheet, PlanWorksheetPage
from assessments.services import worksheets as services
from casestudies.models import CaseStudyPage
from courses.models import Enrollment, ProgramPage

PROGRAM_SLUG = "zenki-kyotsu"
CASE_SLUG = "settlement-center-practical-training"
PAGE_SLUG = "plan-worksheet"
#: The trainee whose plan waits in facilitator.oita's queue; trainee.oita's stays unstarted.
WAITING_TRAINEE = "trainee2.oita@example.jp"

INTRO = (
    "事例を読み、退院を控えた高齢の対象者を支援する立場でプラン兼事業等利用申込書を書きます。"
    "本人の意向を目標に反映し、法に基づく事業と関係機関の支援を組み合わせてください。"
    "提出するとファシリテーターが確認し、コメントを返します。"
)
RUBRIC = [
    (
        "criterion",
        {
            "label": "課題と背景要因の整理",
            "description": "困りごとだけでなく、その背景にある要因まで書けているか",
            "max_points": 5,
        },
    ),
    (
        "criterion",
        {
            "label": "本人の意向が目標に表れている",
            "description": "長期目標と達成目標が本人の言葉で、達成を確かめられる形になっているか",
            "max_points": 5,
        },
    ),
    (
        "criterion",
        {
            "label": "支援の組み合わせとモニタリング",
            "description": "法に基づく事業と関係機関の支援を組み合わせ、期間と確認の時期を定めているか",
            "max_points": 5,
        },
    ),
]
WAITING_PLAN = {
    "issues": (
        "入院中で退院の時期が近いが、退院後に住む場所が決まっていない。"
        "身寄りが少なく、地域の関係機関ともつながりが薄い。"
    ),
    "long_term_goal": "「住み慣れた地域で、自分のペースで暮らしたい」",
    "short_term_goal": "退院までに住まいを確保し、地域の支援者と顔を合わせておく。",
    "own_actions": "住まいの希望を支援員に伝える。内覧に一緒に行く。",
    "support": (
        "居住支援協議会を通じて住まいを探す。病院の相談員と退院前に支援会議を開き、"
        "退院後の見守りの担い手を決める。"
    ),
    "services": ["housing", "household_budget"],
    "plan_period": "退院から6か月",
    "next_monitoring": "退院の1か月後",
    "consent": True,
}


def _page(program: ProgramPage) -> PlanWorksheetPage:
    page = PlanWorksheetPage.objects.child_of(program).filter(slug=PAGE_SLUG).first()
    if page is not None:
        return page
    page = PlanWorksheetPage(
        title="プラン作成演習：退院を控えた対象者のプラン",
        slug=PAGE_SLUG,
        intro=INTRO,
        case_study=CaseStudyPage.objects.live().filter(slug=CASE_SLUG).first(),
        rubric=RUBRIC,
    )
    program.add_child(instance=page)
    page.save_revision().publish()
    return PlanWorksheetPage.objects.get(pk=page.pk)


@transaction.atomic
def seed() -> None:
    """Publish the worksheet page, and submit trainee2.oita's plan for facilitator.oita to review."""
    program = ProgramPage.objects.filter(slug=PROGRAM_SLUG).first()
    if program is None:
        return
    page = _page(program)
    trainee = User.objects.filter(email=WAITING_TRAINEE).first()
    enrollment = (
        Enrollment.objects.filter(
            trainee=trainee, cohort__program=program, cohort__prefecture__slug="oita"
        ).first()
        if trainee
        else None
    )
    if enrollment is None:
        return
    worksheet = services.worksheet_start(enrollment=enrollment, page=page)
    if worksheet.status == PlanWorksheet.Status.DRAFT:
        services.worksheet_submit(worksheet=worksheet, values=WAITING_PLAN)
