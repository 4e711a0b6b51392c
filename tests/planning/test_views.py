"""Planning's pages end to end: the committee member plans, the attendee reads, others get 404."""

from datetime import time

import pytest
from django.urls import reverse

from accounts.models import Role
from courses import services as course_services
from planning.models import AnnualPlan, RoleAssignment
from planning.services.meetings import action_item_save
from planning.services.training import role_assign, training_day_save
from tests.conftest import PASSWORD


def _login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def planner(oita, make_person):
    return make_person(oita, Role.COMMITTEE, full_name="企画 恵")


def test_a_committee_member_makes_the_plan_from_the_template(client, planner, oita):
    _login(client, planner)
    page = client.get(reverse("planning:plan_index"))
    assert page.status_code == 200 and "ひな形から年間計画を作る" in page.content.decode()
    response = client.post(
        reverse("planning:plan_index"), {"prefecture": oita.pk, "fiscal_year": 2027}
    )
    plan = AnnualPlan.objects.get(committee__prefecture=oita, committee__fiscal_year=2027)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:plan_detail", kwargs={"plan_id": plan.pk})
    detail = client.get(response["Location"]).content.decode()
    assert "第1回検討会議（前期共通）" in detail and "前期共通研修" in detail
    timeline = client.get(reverse("planning:plan_timeline", kwargs={"plan_id": plan.pk}))
    body = timeline.content.decode()
    assert "2027年1月" in body and "2028年3月" in body and "研修委員会の結成" in body
    again = client.post(
        reverse("planning:plan_index"), {"prefecture": oita.pk, "fiscal_year": 2027}
    )
    assert again.status_code == 400 and "すでにあります" in again.content.decode()


def test_a_saved_template_shapes_next_years_plan(client, planner, oita_plan, oita):
    _login(client, planner)
    day = oita_plan.training_days.order_by("date").first()
    training_day_save(
        plan=oita_plan,
        day=day,
        title="前期研修（県独自）",
        date=day.date.replace(day=27),
        starts_at=day.starts_at,
        ends_at=day.ends_at,
    )
    client.post(
        reverse("planning:plan_template", kwargs={"plan_id": oita_plan.pk}), {"name": "大分県の型"}
    )
    client.post(reverse("planning:plan_index"), {"prefecture": oita.pk, "fiscal_year": 2027})
    plan = AnnualPlan.objects.get(committee__fiscal_year=2027, committee__prefecture=oita)
    assert plan.template_name == "大分県の型"
    assert plan.training_days.filter(title="前期研修（県独自）", date__month=4).exists()


def test_giving_roles_on_a_training_day_and_seeing_a_double_booking(
    client, planner, first_day, make_member
):
    _login(client, planner)
    member = make_member(first_day.plan, full_name="重複 花子")
    lecture, group_work = first_day.items.order_by("starts_at")
    url = reverse("planning:day_detail", kwargs={"day_id": first_day.pk})
    # make the slots overlap, then give both to the same member
    client.post(
        reverse("planning:item_edit", kwargs={"item_id": group_work.pk}),
        {
            "starts_at": "10:30",
            "ends_at": "12:00",
            "subject": "演習B",
            "kind": "group_work",
            "scope": "national",
        },
    )
    for item, role in ((lecture, "lecturer"), (group_work, "facilitator")):
        response = client.post(
            reverse("planning:role_assign", kwargs={"item_id": item.pk}),
            {f"role{item.pk}-role": role, f"role{item.pk}-member": member.pk},
        )
        assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "重複 花子さんは" in page and "同時に割り当てられています" in page
    client.post(
        reverse("planning:role_clear", kwargs={"item_id": group_work.pk}), {"role": "facilitator"}
    )
    assert "同時に割り当てられています" not in client.get(url).content.decode()


def test_an_outside_lecturer_and_the_pdf_handout(client, planner, first_day):
    _login(client, planner)
    lecture = first_day.items.order_by("starts_at").first()
    client.post(
        reverse("planning:role_assign", kwargs={"item_id": lecture.pk}),
        {
            f"role{lecture.pk}-role": "lecturer",
            f"role{lecture.pk}-lecturer_name": "外部 一郎",
            f"role{lecture.pk}-lecturer_affiliation": "県立大学",
        },
    )
    assert RoleAssignment.objects.get(item=lecture).holder_name == "外部 一郎（県立大学）"
    response = client.get(reverse("planning:day_timetable_pdf", kwargs={"day_id": first_day.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader

    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "講義A" in text and "外部 一郎" in text


def test_a_meeting_with_minutes_links_the_previous_minutes(client, planner, oita_plan, make_member):
    _login(client, planner)
    first, second = oita_plan.meetings.order_by("starts_at")[:2]
    member = make_member(oita_plan, full_name="担当 三郎")
    url = reverse("planning:meeting_detail", kwargs={"meeting_id": first.pk})
    response = client.post(
        url,
        {
            "title": first.title,
            "starts_at": "2026-02-10T14:00",
            "ends_at": "2026-02-10T16:00",
            "place": "県庁",
            "agenda": "枠組み",
            "decisions": "4月に実施",
            "minutes": "## 議事\n\n- 受講者数<script>alert(1)</script>",
            "attendees": [member.pk],
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("planning:meeting_detail", kwargs={"meeting_id": second.pk}))
    body = page.content.decode()
    assert "前回の議事録" in body and "<h2>議事</h2>" in body and "<script>alert" not in body
    client.post(
        reverse("planning:action_create", kwargs={"meeting_id": first.pk}),
        {
            "action-title": "名簿を集める",
            "action-owner": member.pk,
            "action-due_on": "2026-02-27",
            "action-state": "open",
        },
    )
    assert first.action_items.get().owner == member


def test_mypage_shows_open_action_items_and_coming_roles(client, oita_plan, make_member):
    member = make_member(oita_plan)
    meeting = oita_plan.meetings.order_by("starts_at").last()
    action_item_save(
        meeting=meeting, title="資料を印刷する", owner=member, due_on=meeting.starts_at.date()
    )
    day = oita_plan.training_days.order_by("date").last()
    training_day_save(
        plan=oita_plan,
        day=day,
        title=day.title,
        date=day.date.replace(year=2027, month=2),
        starts_at=time(9, 30),
        ends_at=time(16, 30),
    )
    from planning.services.training import agenda_item_save

    item = agenda_item_save(
        day=day, starts_at=time(10), ends_at=time(11), subject="講義C", kind="lecture"
    )
    role_assign(item=item, role="timekeeper", member=member)
    page = _login(client, member.user).get(reverse("accounts:mypage")).content.decode()
    assert "資料を印刷する" in page and "講義C" in page and "タイムキーパー役" in page


def test_trainees_and_facilitators_read_only_the_days_they_attend(
    client, oita, first_day, make_person, make_program, make_cohort
):
    program = make_program(lessons=1)
    facilitator = make_person(oita, Role.FACILITATOR)
    cohort = make_cohort(program, oita, facilitators=[facilitator])
    trainee = make_person(oita, Role.TRAINEE)
    course_services.enrollment_create(trainee=trainee, cohort=cohort)
    outsider = make_person(oita, Role.TRAINEE)
    timetable = reverse("planning:day_timetable", kwargs={"day_id": first_day.pk})
    for person in (trainee, facilitator, outsider):
        assert _login(client, person).get(timetable).status_code == 404
    training_day_save(
        plan=first_day.plan,
        day=first_day,
        title=first_day.title,
        date=first_day.date,
        starts_at=first_day.starts_at,
        ends_at=first_day.ends_at,
        cohort=cohort,
    )
    for person in (trainee, facilitator):
        client.logout()
        assert _login(client, person).get(timetable).status_code == 200
        assert (
            _login(client, person)
            .get(reverse("planning:day_detail", kwargs={"day_id": first_day.pk}))
            .status_code
            == 404
        )
    client.logout()
    assert _login(client, outsider).get(timetable).status_code == 404


def test_other_prefectures_get_404_everywhere(client, kochi, make_person, first_day, oita_plan):
    stranger = make_person(kochi, Role.PREFECTURE_ADMIN)
    _login(client, stranger)
    item = first_day.items.first()
    meeting = oita_plan.meetings.first()
    milestone = oita_plan.milestones.first()
    for name, kwargs in [
        ("planning:plan_detail", {"plan_id": oita_plan.pk}),
        ("planning:plan_timeline", {"plan_id": oita_plan.pk}),
        ("planning:committee_detail", {"committee_id": oita_plan.committee_id}),
        ("planning:day_detail", {"day_id": first_day.pk}),
        ("planning:day_timetable", {"day_id": first_day.pk}),
        ("planning:day_timetable_pdf", {"day_id": first_day.pk}),
        ("planning:item_edit", {"item_id": item.pk}),
        ("planning:meeting_detail", {"meeting_id": meeting.pk}),
        ("planning:milestone_edit", {"milestone_id": milestone.pk}),
    ]:
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    assert (
        client.post(reverse("planning:role_assign", kwargs={"item_id": item.pk}), {}).status_code
        == 404
    )


def test_the_admin_manages_members_and_every_member_sees_the_committee(
    client, oita, oita_plan, make_person, make_organisation
):
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    organisation = make_organisation(oita, name="別府市センター", municipality="別府市")
    graduate = make_person(oita, Role.COMMITTEE, full_name="修了 花子")
    from accounts import services as account_services

    account_services.membership_grant(
        user=graduate, prefecture=oita, role=Role.COMMITTEE, organisation=organisation
    )
    url = reverse("planning:member_add", kwargs={"committee_id": oita_plan.committee_id})
    response = _login(client, admin).post(
        url, {"user": graduate.pk, "national_program": "前期共通プログラム", "national_year": 2025}
    )
    assert response.status_code == 302
    seat = oita_plan.committee.members.get(user=graduate)
    assert seat.municipality == "別府市" and seat.organisation.startswith("別府市センター")
    client.logout()
    page = _login(client, graduate).get(
        reverse("planning:committee_detail", kwargs={"committee_id": oita_plan.committee_id})
    )
    assert (
        page.status_code == 200 and "修了（前期共通プログラム・2025年度）" in page.content.decode()
    )
    assert "委員を追加する" not in page.content.decode()
    assert client.post(url, {"user": graduate.pk}).status_code == 403
