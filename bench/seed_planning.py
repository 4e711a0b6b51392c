"""A full year's plan and a large roster for bench.planning, made through the planning services.

`fill_plan` is also what tests/planning/test_plan_queries.py grows a plan with, so the
query count asserted there is the one of the plan the bench measures.
"""

import csv
import io
import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import Organisation, Prefecture
from planning.dates import next_open_weekday
from planning.demo import meeting_fill
from planning.models import (
    REQUIRED_ROLES,
    ActionState,
    AgendaKind,
    AgendaScope,
    AnnualPlan,
    CommitteeMember,
    PlanningRole,
    TrainingDay,
)
from planning.services.meetings import action_item_save, meeting_save
from planning.services.training import agenda_item_save, role_assign, training_day_save

#: the slots of a day, in the order they repeat: kind, scope, 科目
SLOTS = [
    (AgendaKind.LECTURE, AgendaScope.NATIONAL, "相談支援の基本姿勢と役割"),
    (AgendaKind.EXERCISE, AgendaScope.NATIONAL, "アセスメント演習"),
    (AgendaKind.CASE_REPORT, AgendaScope.NATIONAL, "事例報告: 多機関で支えた住まいの確保"),
    (AgendaKind.BREAK, AgendaScope.NATIONAL, "休憩"),
    (AgendaKind.GROUP_WORK, AgendaScope.NATIONAL, "グループワーク: 支援計画を立てる"),
    (AgendaKind.LECTURE, AgendaScope.REGIONAL, "権利擁護と意思決定支援"),
    (AgendaKind.CASE_REPORT, AgendaScope.REGIONAL, "事例報告: 後見につないだ一人暮らし"),
    (AgendaKind.BREAK, AgendaScope.NATIONAL, "昼休憩"),
    (AgendaKind.LECTURE, AgendaScope.REGIONAL, "ホームレス支援の実際"),
    (AgendaKind.EXERCISE, AgendaScope.NATIONAL, "演習: アウトリーチの計画"),
    (AgendaKind.LECTURE, AgendaScope.REGIONAL, "ひきこもり支援と家族支援"),
    (AgendaKind.GROUP_WORK, AgendaScope.NATIONAL, "修了に向けた振り返り"),
]
#: 外部講師 the lectures go to in turn with the members
LECTURERS = [
    ("大分 法子", "大分県弁護士会"),
    ("宇佐 路子", "NPO法人 住まいと暮らし"),
    ("竹田 明", "大分県ひきこもり地域支援センター"),
]
MINUTES = (
    "## 議事\n\n1. 研修の枠組み（日数・会場・受講者数）\n2. 科目と役割の割り当て\n\n"
    "## 主な意見\n\n- 市町村ごとに受講者を想定する\n- 事例報告は修了者から出す\n\n"
    "| 科目 | 担当 |\n|---|---|\n| 権利擁護 | 外部講師 |\n| 演習 | 委員 |"
)


def _slot_minutes(items: int, day_minutes: int) -> int:
    return max(10, day_minutes // max(1, items))


def fill_day(day: TrainingDay, members: list[CommitteeMember], items: int) -> None:
    """A timetable of `items` slots back to back, every required role given.

    Roles go round the members (and the lectures round the 外部講師), so one slot never
    holds a person twice and nobody is booked twice at once: the checks find little.
    """
    start = datetime.combine(day.date, day.starts_at)
    day_minutes = int((datetime.combine(day.date, day.ends_at) - start).total_seconds() // 60)
    length = timedelta(minutes=_slot_minutes(items, day_minutes))
    turn = 0
    for index in range(items):
        kind, scope, subject = SLOTS[index % len(SLOTS)]
        begins, ends = start + index * length, start + (index + 1) * length
        item = agenda_item_save(
            day=day,
            starts_at=begins.time(),
            ends_at=ends.time(),
            subject=subject,
            kind=kind,
            scope=scope,
        )
        for role in REQUIRED_ROLES[kind]:
            if role == PlanningRole.LECTURER and index % 2:
                name, affiliation = LECTURERS[index % len(LECTURERS)]
                role_assign(
                    item=item, role=role, lecturer_name=name, lecturer_affiliation=affiliation
                )
            else:
                role_assign(item=item, role=role, member=members[turn % len(members)])
                turn += 1


def fill_plan(
    plan: AnnualPlan,
    members: list[CommitteeMember],
    *,
    days: int,
    items: int,
    meetings: int | None = None,
) -> AnnualPlan:
    """Give a plan from the ひな形 `days` training days of `items` slots and full meetings.

    Days beyond the ひな形's are added on open weekdays from late October; meetings
    beyond its five follow in December. Every meeting gets minutes, decisions, all
    members attending and two action items.
    """
    existing = list(plan.training_days.order_by("date", "pk"))
    fiscal_year = plan.committee.fiscal_year
    on = date(fiscal_year, 10, 26)
    while len(existing) < days:
        on = next_open_weekday(on)
        existing.append(
            training_day_save(
                plan=plan,
                title=f"後期研修（{len(existing)}日目）",
                date=on,
                starts_at=time(9, 30),
                ends_at=time(16, 30),
                venue="ホルトホール大分",
                capacity=48,
            )
        )
        on += timedelta(days=1)
    for day in existing[:days]:
        fill_day(day, members, items)
    planned = list(plan.meetings.order_by("starts_at", "pk"))
    wanted = len(planned) if meetings is None else meetings
    on = date(fiscal_year, 12, 1)
    while len(planned) < wanted:
        on = next_open_weekday(on)
        starts = timezone.make_aware(datetime.combine(on, time(14, 0)))
        planned.append(
            meeting_save(
                plan=plan,
                title=f"第{len(planned) + 1}回検討会議",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
            )
        )
        on += timedelta(days=1)
    for index, meeting in enumerate(planned):
        meeting_fill(
            plan=plan,
            meeting=meeting,
            index=index,
            place="大分県庁 会議室",
            agenda="研修の枠組み\n科目と役割",
            minutes=MINUTES,
            decisions="時間割と役割を確定。資料は2週間前までに共有する。",
            attendees=members,
        )
        due = timezone.localdate(meeting.starts_at) + timedelta(days=14)
        for number in range(2):
            action_item_save(
                meeting=meeting,
                title=f"{meeting.title}の宿題{number + 1}",
                owner=members[(index + number) % len(members)],
                due_on=min(due, date(fiscal_year + 1, 3, 31)),
                state=ActionState.DONE if number else ActionState.OPEN,
            )
    return plan


#: 大分県's 18 municipalities with their population in thousands (2020 census, rounded):
#: the roster is shared out by it, as real rosters are
OITA_MUNICIPALITIES = {
    "大分市": 475,
    "別府市": 115,
    "中津市": 83,
    "日田市": 63,
    "佐伯市": 69,
    "臼杵市": 37,
    "津久見市": 16,
    "竹田市": 20,
    "豊後高田市": 22,
    "杵築市": 28,
    "宇佐市": 54,
    "豊後大野市": 34,
    "由布市": 33,
    "国東市": 26,
    "姫島村": 2,
    "日出町": 28,
    "九重町": 9,
    "玖珠町": 14,
}
FAMILY = [
    ("佐藤", "さとう"),
    ("後藤", "ごとう"),
    ("小野", "おの"),
    ("河野", "こうの"),
    ("𠮷田", "よしだ"),
    ("髙橋", "たかはし"),
    ("渡邉", "わたなべ"),
    ("衛藤", "えとう"),
    ("首藤", "しゅとう"),
    ("甲斐", "かい"),
    ("安部", "あべ"),
    ("二宮", "にのみや"),
    ("麻生", "あそう"),
    ("帆足", "ほあし"),
    ("生野", "しょうの"),
    ("阿南", "あなん"),
]
GIVEN = [
    ("花子", "はなこ"),
    ("太郎", "たろう"),
    ("美咲", "みさき"),
    ("翔太", "しょうた"),
    ("陽菜", "ひな"),
    ("大輝", "だいき"),
    ("恵美子", "えみこ"),
    ("健一", "けんいち"),
    ("さくら", "さくら"),
    ("瑠璃子", "るりこ"),
    ("直樹", "なおき"),
    ("祐介", "ゆうすけ"),
]


def organisation_name(municipality: str) -> str:
    """The 自立相談支援機関 the bench registers in each municipality."""
    return f"{municipality}自立相談支援機関（ベンチ）"


def roster_organisations(prefecture: Prefecture) -> None:
    """One 所属機関 per municipality, so every roster row names a known one."""
    from accounts.services import organisation_create

    for municipality in OITA_MUNICIPALITIES:
        name = organisation_name(municipality)
        if not Organisation.objects.filter(prefecture=prefecture, name=name).exists():
            organisation_create(
                prefecture=prefecture,
                name=name,
                kind=Organisation.Kind.OTHER,
                municipality=municipality,
            )


def roster_counts(rows: int) -> dict[str, int]:
    """How many of `rows` trainees come from each municipality, by population, at least one."""
    from planning.seats import SeatRule, share_seats

    return share_seats(rows, OITA_MUNICIPALITIES, SeatRule.BY_STAFF)


def roster_csv(rows: int, tag: str, seed: int = 14) -> bytes:
    """A UTF-8 (BOM, as Excel saves it) roster of `rows` distinct trainees."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["氏名", "ふりがな", "メールアドレス", "市区町村", "所属機関"])
    number = 0
    for municipality, count in roster_counts(rows).items():
        for _ in range(count):
            (family, family_kana), (given, given_kana) = rng.choice(FAMILY), rng.choice(GIVEN)
            writer.writerow(
                [
                    f"{family} {given}",
                    f"{family_kana} {given_kana}",
                    f"roster-{tag}-{number:04d}@example.jp",
                    municipality,
                    organisation_name(municipality),
                ]
            )
            number += 1
    return ("\ufeff" + out.getvalue()).encode("utf-8")
