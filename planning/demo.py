"""Demo planning: 大分県's 令和8年度 plan in full, and a smaller one for 高知県."""

from datetime import date, time

from django.utils import timezone

from accounts import services as account_services
from accounts.models import Organisation, Prefecture, Role, User
from courses.models import Cohort, ProgramPage
from planning.models import ActionState, AnnualPlan, Committee, CommitteeMember, NoteKind
from planning.seats import SeatRule
from planning.services.committee import committee_get_or_create, committee_member_add
from planning.services.meetings import action_item_save, meeting_save
from planning.services.plans import plan_create
from planning.services.retrospective import retrospective_note_add
from planning.services.seats import seats_share
from planning.services.training import agenda_item_save, role_assign, training_day_save

FISCAL_YEAR = 2026  # 令和8年度

# (address prefix, 氏名, ふりがな, 所属, 市区町村, 国研修のプログラム or "", 修了年度)
OITA_MEMBERS = [
    ("planning-lead", "計画 進", "けいかく すすむ", "大分県庁 福祉保健部（デモ）", "", "", None),
    (
        "planning-grad1",
        "別府 温子",
        "べっぷ あつこ",
        "別府市自立相談支援センター（デモ）",
        "別府市",
        "前期共通プログラム",
        2024,
    ),
    (
        "planning-grad2",
        "中津 勇気",
        "なかつ ゆうき",
        "中津市社会福祉協議会（デモ）",
        "中津市",
        "前期共通プログラム",
        2025,
    ),
    (
        "planning-grad3",
        "佐伯 港",
        "さいき みなと",
        "佐伯市地域包括支援センター（デモ）",
        "佐伯市",
        "後期プログラム",
        2025,
    ),
    (
        "planning-grad4",
        "日田 杉子",
        "ひた すぎこ",
        "大分県地域生活定着支援センター（デモ）",
        "日田市",
        "前期共通プログラム",
        2023,
    ),
]

# (start, end, 科目, kind, scope, {role: member index or (外部講師, 所属)})
ZENKI_TIMETABLE = [
    (
        "09:30",
        "09:45",
        "開講・オリエンテーション",
        "lecture",
        "national",
        {"lecturer": 0, "materials": 0, "timekeeper": 1},
    ),
    (
        "09:45",
        "11:15",
        "相談支援の基本姿勢と役割",
        "lecture",
        "national",
        {"lecturer": 1, "materials": 1, "timekeeper": 2},
    ),
    ("11:15", "11:25", "休憩", "break", "national", {}),
    (
        "11:25",
        "12:15",
        "事例報告: 多機関で支えた住まいの確保",
        "case_report",
        "national",
        {"case_reporter": 4, "timekeeper": 2},
    ),
    ("12:15", "13:15", "昼休憩", "break", "national", {}),
    (
        "13:15",
        "14:45",
        "アセスメント演習",
        "exercise",
        "national",
        {"facilitator": 2, "timekeeper": 3},
    ),
    (
        "14:55",
        "16:15",
        "グループワーク: 支援計画を立てる",
        "group_work",
        "national",
        {"facilitator": 3, "timekeeper": 4},
    ),
    (
        "16:15",
        "16:30",
        "まとめと振り返り",
        "lecture",
        "national",
        {"lecturer": 0, "materials": 0, "timekeeper": 1},
    ),
]
KOUKI_TIMETABLES = [
    [
        (
            "09:30",
            "11:00",
            "権利擁護と意思決定支援",
            "lecture",
            "regional",
            {"lecturer": ("大分 法子", "大分県弁護士会（デモ）"), "materials": 1, "timekeeper": 2},
        ),
        (
            "11:10",
            "12:10",
            "事例報告: 後見につないだ一人暮らし",
            "case_report",
            "regional",
            {"case_reporter": 3, "timekeeper": 2},
        ),
        ("12:10", "13:10", "昼休憩", "break", "national", {}),
        (
            "13:10",
            "14:40",
            "ホームレス支援の実際",
            "lecture",
            "regional",
            {
                "lecturer": ("宇佐 路子", "NPO法人 住まいと暮らし（デモ）"),
                "materials": 4,
                "timekeeper": 0,
            },
        ),
        (
            "14:50",
            "16:20",
            "グループワーク: 地域の社会資源を描く",
            "group_work",
            "national",
            {"facilitator": 1, "timekeeper": 0},
        ),
    ],
    [
        (
            "09:30",
            "11:00",
            "ひきこもり支援と家族支援",
            "lecture",
            "regional",
            {
                "lecturer": ("竹田 明", "大分県ひきこもり地域支援センター（デモ）"),
                "materials": 3,
                "timekeeper": 4,
            },
        ),
        (
            "11:10",
            "12:10",
            "演習: アウトリーチの計画",
            "exercise",
            "national",
            {"facilitator": 2, "timekeeper": 4},
        ),
        ("12:10", "13:10", "昼休憩", "break", "national", {}),
        (
            "13:10",
            "14:40",
            "グループスーパービジョン演習",
            "exercise",
            "national",
            {"facilitator": 1, "timekeeper": 3},
        ),
        (
            "14:50",
            "16:20",
            "修了に向けた振り返り",
            "group_work",
            "national",
            {"facilitator": 0, "timekeeper": 2},
        ),
    ],
]

MINUTES = [
    "## 議事\n\n1. 前期共通研修の枠組み（日数・会場・受講者数）\n2. たたき台の確認\n\n## 主な意見\n\n- 市町村ごとに1〜2名の受講者を想定する\n- 事例報告は修了者から出す",
    "## 議事\n\n1. 科目と役割の割り当て\n2. 資料の分担\n\n## 主な意見\n\n- 演習の時間を10分延ばす\n- タイムキーパーは各科目に1名",
    "## 議事\n\n1. 前期の振り返り\n2. 後期に加える地域独自の科目（権利擁護・ホームレス支援・ひきこもり支援）\n\n| 科目 | 講師 |\n|---|---|\n| 権利擁護 | 外部講師 |\n| ホームレス支援 | 外部講師 |",
    "## 議事\n\n1. 後期の時間割案\n2. 外部講師への依頼状況",
    "## 議事\n\n1. 後期の役割の最終確認\n2. 当日の運営（受付・記録）",
]
DECISIONS = [
    "前期共通研修は4月に1日、県庁会議室で行う。",
    "役割の割り当て案を承認。資料は研修の2週間前までに共有する。",
    "後期は10月に2日間、地域独自の科目を3つ加える。",
    "外部講師3名に正式に依頼する。",
    "時間割と役割を確定。当日の受付は県が担当する。",
]
# (meeting index, 内容, owner index, due (month, day), state)
ACTIONS = [
    (0, "受講者数の見込みを市町村に照会する", 0, (2, 27), ActionState.DONE),
    (1, "講義資料の初稿を共有する", 1, (4, 3), ActionState.DONE),
    (2, "外部講師の候補を挙げる", 0, (6, 5), ActionState.DONE),
    (3, "事例報告の原稿を用意する", 3, (9, 18), ActionState.DONE),
    (4, "後期研修のアンケート結果をまとめる", 2, (12, 11), ActionState.IN_PROGRESS),
    (4, "振り返りの会の資料を作る", 0, (12, 18), ActionState.OPEN),
]


def meeting_fill(*, plan, meeting, index: int, place: str, agenda, minutes, decisions, attendees):
    """Give a seeded meeting its record: every other one is held online, the rest at `place`."""
    in_person = index % 2 == 0
    return meeting_save(
        plan=plan,
        meeting=meeting,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=place if in_person else "",
        online_url="" if in_person else "https://meet.example.jp/oita-kentou",
        training_day=meeting.training_day,
        agenda=agenda,
        minutes=minutes,
        decisions=decisions,
        attendees=attendees,
    )


def _person(
    prefecture: Prefecture,
    email: str,
    full_name: str,
    furigana: str,
    password: str,
    organisation: str,
    municipality: str,
) -> User:
    """A demo committee member with the committee role and a local 所属機関."""
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, full_name=full_name, furigana=furigana
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    org = Organisation.objects.filter(prefecture=prefecture, name=organisation).first()
    if org is None:
        org = account_services.organisation_create(
            prefecture=prefecture,
            name=organisation,
            kind=Organisation.Kind.OTHER,
            municipality=municipality,
        )
    account_services.membership_grant(
        user=user, prefecture=prefecture, role=Role.COMMITTEE, organisation=org
    )
    return user


def _seat(committee: Committee, user: User, **fields) -> CommitteeMember:
    existing = CommitteeMember.objects.filter(committee=committee, user=user).first()
    return existing or committee_member_add(committee=committee, user=user, **fields)


def _hm(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def _timetable(day, rows, members: list[CommitteeMember]) -> None:
    for start, end, subject, kind, scope, roles in rows:
        item = agenda_item_save(
            day=day, starts_at=_hm(start), ends_at=_hm(end), subject=subject, kind=kind, scope=scope
        )
        for role, holder in roles.items():
            if isinstance(holder, tuple):
                role_assign(
                    item=item, role=role, lecturer_name=holder[0], lecturer_affiliation=holder[1]
                )
            else:
                role_assign(item=item, role=role, member=members[holder])


def _programs() -> tuple[ProgramPage | None, ProgramPage | None]:
    programs = list(ProgramPage.objects.live().order_by("path"))
    zenki = next(
        (p for p in programs if p.kind == "zenki_common"), programs[0] if programs else None
    )
    kouki = next((p for p in programs if p.kind != "zenki_common"), zenki)
    return zenki, kouki


#: the 振り返り notes the demo committee has already written (whether about 前期, kind, text)
RETROSPECTIVE_NOTES = [
    (
        True,
        NoteKind.KEEP,
        "事例報告のあとのグループワークで、受講者が自分の地域の支援調整会議と比べて話せていた。"
        "来年度も事例報告とグループワークを続けて置く。",
    ),
    (
        True,
        NoteKind.CHANGE,
        "アンケートで時間配分の平均が低かった（質問4）。講義②を10分短くし、"
        "グループワークの前に休憩を入れる。",
    ),
    (
        False,
        NoteKind.CHANGE,
        "第2回検討会議の資料が直前にそろった。資料作成役の締め切りを会議の1週間前にする。",
    ),
]


def _oita(password: str) -> list:
    prefecture = Prefecture.objects.get(slug="oita")
    committee = committee_get_or_create(prefecture=prefecture, fiscal_year=FISCAL_YEAR)
    if AnnualPlan.objects.filter(committee=committee).exists():
        return []
    logins = []
    members = []
    for prefix, name, kana, org, town, program, year in OITA_MEMBERS:
        email = f"{prefix}.oita@example.jp"
        user = _person(prefecture, email, name, kana, password, org, town)
        members.append(_seat(committee, user, national_program=program, national_year=year))
        logins.append((email, prefecture.name, str(Role.COMMITTEE.label)))
    demo_committee = User.objects.filter(email="committee.oita@example.jp").first()
    if demo_committee is not None:
        members.insert(
            1,
            _seat(
                committee, demo_committee, national_program="前期共通プログラム", national_year=2025
            ),
        )
    plan = plan_create(prefecture=prefecture, fiscal_year=FISCAL_YEAR)
    zenki_program, kouki_program = _programs()
    cohort = Cohort.objects.filter(prefecture=prefecture).order_by("pk").first()
    days = list(plan.training_days.order_by("date"))
    for index, (day, rows) in enumerate(
        zip(days, [ZENKI_TIMETABLE, *KOUKI_TIMETABLES], strict=False)
    ):
        program = zenki_program if index == 0 else kouki_program
        linked = (
            cohort
            if cohort is not None and program is not None and cohort.program_id == program.pk
            else None
        )
        day = training_day_save(
            plan=plan,
            day=day,
            title=day.title,
            date=day.date,
            starts_at=day.starts_at,
            ends_at=day.ends_at,
            venue="大分県庁 新館大会議室（デモ）" if index == 0 else "ホルトホール大分（デモ）",
            capacity=60 if index == 0 else 48,
            program=program,
            cohort=linked,
        )
        _timetable(day, rows, members)
        # Every one of the 18 municipalities gets a seat, the rest shared by support staff.
        seats_share(day=day, rule=SeatRule.BY_STAFF)
    meetings = list(plan.meetings.order_by("starts_at"))
    for index, meeting in enumerate(meetings):
        meeting_fill(
            plan=plan,
            meeting=meeting,
            index=index,
            place="大分県庁 会議室（デモ）",
            agenda=MINUTES[index].split("## 主な意見")[0].replace("## 議事\n\n", ""),
            minutes=MINUTES[index],
            decisions=DECISIONS[index],
            attendees=members[: 4 + index % 2],
        )
    for meeting_index, title, owner, (month, day), state in ACTIONS:
        action_item_save(
            meeting=meetings[meeting_index],
            title=title,
            owner=members[owner],
            due_on=date(FISCAL_YEAR, month, day),
            state=state,
        )
    for milestone in plan.milestones.filter(due_on__lt=timezone.localdate()):
        milestone.done_on = milestone.due_on
        milestone.save(update_fields=["done_on"])
    for on_day, kind, text in RETROSPECTIVE_NOTES:
        retrospective_note_add(
            plan=plan,
            kind=kind,
            text=text,
            training_day=days[0] if on_day else None,
            author=members[0],
        )
    return logins


def _kochi() -> None:
    prefecture = Prefecture.objects.get(slug="kochi")
    committee = committee_get_or_create(prefecture=prefecture, fiscal_year=FISCAL_YEAR)
    if AnnualPlan.objects.filter(committee=committee).exists():
        return
    user = User.objects.filter(email="committee.kochi@example.jp").first()
    members = [_seat(committee, user)] if user is not None else []
    plan = plan_create(prefecture=prefecture, fiscal_year=FISCAL_YEAR)
    day = plan.training_days.order_by("date").first()
    rows = [
        (
            "09:30",
            "11:00",
            "相談支援の基本姿勢と役割",
            "lecture",
            "national",
            {"lecturer": 0, "materials": 0},
        ),
        ("11:10", "12:10", "事例報告", "case_report", "national", {"case_reporter": 0}),
        (
            "13:10",
            "15:40",
            "グループワーク",
            "group_work",
            "national",
            {"facilitator": ("土佐 光", "高知県立大学（デモ）")},
        ),
    ]
    if members:
        _timetable(day, rows, members)


def seed(*, password: str) -> list:
    """Seed both prefectures' plans once; a second run leaves existing plans as they are."""
    logins = _oita(password)
    _kochi()
    return logins
