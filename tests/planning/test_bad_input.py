"""Bad input to planning: a Japanese message each time, and nothing half-saved."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from planning.models import AgendaItem, AnnualPlan, Milestone, PlanningMeeting, RoleAssignment
from planning.services.committee import committee_member_add
from planning.services.errors import PlanningError
from planning.services.meetings import action_item_save, meeting_save
from planning.services.plans import milestone_save, plan_create
from planning.services.training import agenda_item_save, role_assign, training_day_save
from tests.conftest import PASSWORD


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def kochi_member(kochi, make_person):
    plan = plan_create(prefecture=kochi, fiscal_year=2026)
    user = make_person(kochi, Role.COMMITTEE)
    return committee_member_add(committee=plan.committee, user=user)


def test_an_end_before_the_start_is_refused_everywhere(first_day, oita_plan):
    with pytest.raises(PlanningError, match="終了は開始より後") as error:
        agenda_item_save(
            day=first_day, starts_at=time(11), ends_at=time(10), subject="逆", kind="lecture"
        )
    assert error.value.code == "end_before_start"
    with pytest.raises(PlanningError, match="終了は開始より後"):
        training_day_save(
            plan=oita_plan,
            day=first_day,
            title="x",
            date=first_day.date,
            starts_at=time(17),
            ends_at=time(9),
        )
    meeting = oita_plan.meetings.first()
    with pytest.raises(PlanningError, match="終了は開始より後"):
        meeting_save(
            plan=oita_plan,
            meeting=meeting,
            title="x",
            starts_at=_aware(date(2026, 2, 10), 16),
            ends_at=_aware(date(2026, 2, 10), 14),
        )
    assert not AgendaItem.objects.filter(subject="逆").exists()
    first_day.refresh_from_db()
    assert first_day.starts_at < first_day.ends_at


def test_an_end_before_the_start_in_the_form_says_so(client, oita, make_person, first_day):
    user = make_person(oita, Role.COMMITTEE)
    client.login(email=user.email, password=PASSWORD)
    before = AgendaItem.objects.count()
    response = client.post(
        reverse("planning:item_create", kwargs={"day_id": first_day.pk}),
        {
            "item-starts_at": "15:00",
            "item-ends_at": "14:00",
            "item-subject": "逆",
            "item-kind": "lecture",
            "item-scope": "national",
        },
    )
    assert (
        response.status_code == 400
        and "終了は開始より後にしてください" in response.content.decode()
    )
    assert AgendaItem.objects.count() == before


def test_a_role_given_to_someone_of_another_prefecture_is_refused(first_day, kochi_member):
    item = first_day.items.first()
    with pytest.raises(PlanningError, match="研修委員会の委員から選んで") as error:
        role_assign(item=item, role="lecturer", member=kochi_member)
    assert error.value.code == "member_elsewhere"
    meeting = first_day.plan.meetings.first()
    with pytest.raises(PlanningError):
        action_item_save(meeting=meeting, title="宿題", owner=kochi_member, due_on=first_day.date)
    with pytest.raises(PlanningError):
        meeting_save(
            plan=first_day.plan,
            meeting=meeting,
            title=meeting.title,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            attendees=[kochi_member],
        )
    assert not RoleAssignment.objects.filter(member=kochi_member).exists()
    assert not meeting.attendees.exists()


def test_a_person_without_the_committee_role_cannot_be_seated(oita_plan, make_person, oita, kochi):
    with pytest.raises(PlanningError, match="研修委員の役割を持つ人だけ"):
        committee_member_add(committee=oita_plan.committee, user=make_person(oita, Role.TRAINEE))
    with pytest.raises(PlanningError, match="研修委員の役割を持つ人だけ"):
        committee_member_add(committee=oita_plan.committee, user=make_person(kochi, Role.COMMITTEE))


@pytest.mark.parametrize(
    "value",
    ["99999999999999999999", "-1", "true", "１", "abc", "0"],
)
def test_a_forged_id_in_the_role_form_is_an_invalid_choice(
    client, oita, make_person, first_day, kochi_member, value
):
    user = make_person(oita, Role.COMMITTEE)
    client.login(email=user.email, password=PASSWORD)
    item = first_day.items.first()
    response = client.post(
        reverse("planning:role_assign", kwargs={"item_id": item.pk}),
        {f"role{item.pk}-role": "lecturer", f"role{item.pk}-member": value},
    )
    assert response.status_code == 400 and "正しく選択してください" in response.content.decode()
    assert not RoleAssignment.objects.exists()


def test_another_prefectures_ids_in_forms_are_invalid_choices(
    client, oita, make_person, first_day, kochi_member, make_program, make_cohort, kochi
):
    user = make_person(oita, Role.COMMITTEE)
    client.login(email=user.email, password=PASSWORD)
    item = first_day.items.first()
    response = client.post(
        reverse("planning:role_assign", kwargs={"item_id": item.pk}),
        {f"role{item.pk}-role": "lecturer", f"role{item.pk}-member": kochi_member.pk},
    )
    assert response.status_code == 400 and "正しく選択してください" in response.content.decode()
    kochi_cohort = make_cohort(make_program(lessons=1), kochi)
    response = client.post(
        reverse("planning:day_detail", kwargs={"day_id": first_day.pk}),
        {
            "title": first_day.title,
            "date": first_day.date.isoformat(),
            "starts_at": "09:30",
            "ends_at": "16:30",
            "capacity": "40",
            "cohort": kochi_cohort.pk,
        },
    )
    assert response.status_code == 400 and "正しく選択してください" in response.content.decode()
    first_day.refresh_from_db()
    assert first_day.cohort_id is None
    with pytest.raises(PlanningError, match="この都道府県のコホート"):
        training_day_save(
            plan=first_day.plan,
            day=first_day,
            title="x",
            date=first_day.date,
            starts_at=time(9),
            ends_at=time(10),
            cohort=kochi_cohort,
        )


def test_dates_out_of_the_plans_range_are_refused(oita_plan, first_day, client, oita, make_person):
    with pytest.raises(PlanningError, match="2026年1月1日から2027年3月31日の間") as error:
        milestone_save(plan=oita_plan, title="遠い先", due_on=date(2030, 1, 1))
    assert error.value.code == "date_out_of_range"
    with pytest.raises(PlanningError, match="の間で入力してください"):
        training_day_save(
            plan=oita_plan,
            day=first_day,
            title="x",
            date=date(2025, 12, 1),
            starts_at=time(9),
            ends_at=time(10),
        )
    with pytest.raises(PlanningError, match="年度は2000年度から2099年度"):
        plan_create(prefecture=oita, fiscal_year=2150)
    user = make_person(oita, Role.COMMITTEE)
    client.login(email=user.email, password=PASSWORD)
    response = client.post(
        reverse("planning:milestone_create", kwargs={"plan_id": oita_plan.pk}),
        {"milestone-title": "遠い先", "milestone-due_on": "9999-12-31"},
    )
    assert response.status_code == 400 and "の間で入力してください" in response.content.decode()
    response = client.post(
        reverse("planning:plan_index"), {"prefecture": oita.pk, "fiscal_year": "3000"}
    )
    assert response.status_code == 400
    assert not Milestone.objects.filter(title="遠い先").exists()
    assert AnnualPlan.objects.count() == 1


def test_a_meeting_over_two_days_and_a_role_with_two_holders_are_refused(first_day, make_member):
    member = make_member(first_day.plan)
    with pytest.raises(PlanningError, match="どちらか一方"):
        role_assign(
            item=first_day.items.first(), role="lecturer", member=member, lecturer_name="外部"
        )
    with pytest.raises(PlanningError, match="どちらか一方"):
        role_assign(item=first_day.items.first(), role="lecturer")
    before = PlanningMeeting.objects.count()
    with pytest.raises(PlanningError, match="1日のうちに"):
        meeting_save(
            plan=first_day.plan,
            title="長い会議",
            starts_at=_aware(date(2026, 2, 10), 14),
            ends_at=_aware(date(2026, 2, 11), 10),
        )
    assert PlanningMeeting.objects.count() == before
