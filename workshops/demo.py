"""Demo group work: more trainees in each demo cohort, split into groups for a GSV session."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from accounts import services as account_services
from accounts.demo import _user
from accounts.models import Organisation, Prefecture, Role, User
from casestudies.models import CaseStudyPage
from courses import services as course_services
from courses.models import Cohort
from workshops import services
from workshops.methods import Method
from workshops.models import Workshop

TOKYO = ZoneInfo("Asia/Tokyo")

# (address prefix, 氏名, ふりがな, 所属機関, kind, 市区町村): invented people and offices.
DEMO_TRAINEES = {
    "oita": [
        (
            "trainee2",
            "相談 一郎",
            "そうだん いちろう",
            "別府市生活相談窓口（デモ）",
            "self_reliance",
            "別府市",
        ),
        (
            "trainee3",
            "支援 美咲",
            "しえん みさき",
            "大分市社会福祉協議会（デモ）",
            "shakyo",
            "大分市",
        ),
        (
            "trainee4",
            "連携 健太",
            "れんけい けんた",
            "中津市相談支援事業所（デモ）",
            "consultation_office",
            "中津市",
        ),
        (
            "trainee5",
            "地域 陽子",
            "ちいき ようこ",
            "別府市社会福祉協議会（デモ）",
            "shakyo",
            "別府市",
        ),
        (
            "trainee6",
            "就労 翔",
            "しゅうろう しょう",
            "中津市自立相談支援機関（デモ）",
            "self_reliance",
            "中津市",
        ),
    ],
    "kochi": [
        (
            "trainee2",
            "山里 一郎",
            "やまざと いちろう",
            "南国市生活相談窓口（デモ）",
            "self_reliance",
            "南国市",
        ),
        (
            "trainee3",
            "海辺 美咲",
            "うみべ みさき",
            "四万十市社会福祉協議会（デモ）",
            "shakyo",
            "四万十市",
        ),
        (
            "trainee4",
            "仁淀 健太",
            "によど けんた",
            "高知市相談支援事業所（デモ）",
            "consultation_office",
            "高知市",
        ),
        (
            "trainee5",
            "室戸 陽子",
            "むろと ようこ",
            "南国市社会福祉協議会（デモ）",
            "shakyo",
            "南国市",
        ),
        (
            "trainee6",
            "土佐 翔",
            "とさ しょう",
            "四万十市自立相談支援機関（デモ）",
            "self_reliance",
            "四万十市",
        ),
    ],
}
DEMO_GROUP_SIZE = 3


def _trainee(prefecture: Prefecture, row: tuple, password: str) -> User:
    prefix, full_name, furigana, org_name, kind, town = row
    organisation = Organisation.objects.filter(
        prefecture=prefecture, municipality_text=town, name=org_name
    ).first() or account_services.organisation_create(
        prefecture=prefecture, name=org_name, kind=kind, municipality=town
    )
    user = _user(f"{prefix}.{prefecture.slug}@example.jp", full_name, furigana, password)
    account_services.membership_grant(
        user=user, prefecture=prefecture, role=Role.TRAINEE, organisation=organisation
    )
    return user


def _workshop(cohort: Cohort, facilitator: User) -> Workshop:
    case = CaseStudyPage.objects.live().order_by("path").first()
    title = f"GSV演習：{case.title}" if case else "GSV演習"
    workshop = Workshop.objects.filter(cohort=cohort, title=title).first()
    if workshop is None:
        workshop = services.workshop_create(
            cohort=cohort,
            title=title,
            starts_at=datetime.combine(cohort.starts_on, time(13, 30), tzinfo=TOKYO),
            method=Method.GSV,
            facilitators=[facilitator],
            case_study=case,
            group_size=DEMO_GROUP_SIZE,
        )
        services.groups_assign(workshop=workshop, group_size=DEMO_GROUP_SIZE)
    return workshop


def seed(*, password: str) -> list[tuple[str, str, str]]:
    """Enrol the extra demo trainees and plan one GSV session per demo cohort."""
    logins = []
    for slug, rows in DEMO_TRAINEES.items():
        prefecture = Prefecture.objects.get(slug=slug)
        cohort = Cohort.objects.filter(prefecture=prefecture).order_by("pk").first()
        for row in rows:
            trainee = _trainee(prefecture, row, password)
            if not cohort.enrollments.filter(trainee=trainee).exists():
                course_services.enrollment_create(trainee=trainee, cohort=cohort)
            logins.append((trainee.email, prefecture.name, str(Role.TRAINEE.label)))
        _workshop(cohort, User.objects.get(email=f"facilitator.{slug}@example.jp"))
    return logins
