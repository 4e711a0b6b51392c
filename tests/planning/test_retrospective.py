"""振り返り: per training day attendance and completion counts, keep/change notes, access."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from courses.models import Enrollment
from planning.models import AnnualPlan, RetrospectiveNote
from planning.services.errors import PlanningError
from planning.services.retrospective import retrospective_note_add
from planning.services.training import role_assign, training_day_save
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def retro_day(oita_plan, make_program, make_cohort, make_person):
    """The first day with a cohort of three trainees, one of whom withdrew."""
    prefecture = oita_plan.committee.prefecture
    cohort = make_cohort(make_program(lessons=1), prefecture)
    for status in ("enrolled", "enrolled", "withdrawn"):
        Enrollment.objects.create(trainee=make_person(prefecture), cohort=cohort, status=status)
    day = oita_plan.training_days.order_by("date").first()
    return training_day_save(
        plan=oita_plan,
        day=day,
        title=day.title,
        date=day.date,
        starts_at=day.starts_at,
        ends_at=day.ends_at,
        cohort=cohort,
    )


def test_the_page_counts_attendance_and_records_notes(client, retro_day, make_member):
    member = make_member(retro_day.plan)
    assert client.login(email=member.user.email, password=PASSWORD)
    url = reverse("planning:plan_retrospective", args=[retro_day.plan.pk])
    page = client.get(url)
    assert page.status_code == 200
    first = page.context["days"][0]
    assert first.day == retro_day and first.enrolled == 2 and first.complete == 0
    assert dict(first.by_status) == {"受講中": 2, "辞退": 1}
    assert "受講 2人・修了 0人" in page.content.decode()

    saved = client.post(
        url, {"kind": "change", "training_day": retro_day.pk, "text": "演習の時間を長く"}
    )
    assert saved.status_code == 302
    note = RetrospectiveNote.objects.get()
    assert (note.kind, note.training_day, note.author) == ("change", retro_day, member)
    assert "演習の時間を長く" in client.get(url).content.decode()

    whole = client.post(url, {"kind": "keep", "training_day": "", "text": "事例報告は好評"})
    assert whole.status_code == 302
    assert RetrospectiveNote.objects.get(kind="keep").training_day is None


def test_bad_notes_get_japanese_messages_and_save_nothing(
    client, retro_day, make_member, oita_plan
):
    member = make_member(retro_day.plan)
    assert client.login(email=member.user.email, password=PASSWORD)
    url = reverse("planning:plan_retrospective", args=[retro_day.plan.pk])
    for data in (
        {"kind": "forget", "text": "x"},
        {"kind": "keep", "text": "   "},
        {"kind": "keep", "text": "x", "training_day": "987654"},
        {"kind": "keep", "text": "x", "training_day": "1e9"},
    ):
        response = client.post(url, data)
        assert response.status_code == 400, data
    assert not RetrospectiveNote.objects.exists()
    with pytest.raises(PlanningError) as refused:
        retrospective_note_add(plan=oita_plan, kind="keep", text="x" * 2001)
    assert refused.value.code == "text_too_long"


def test_other_prefectures_and_trainees_get_404(client, retro_day, kochi, make_person):
    url = reverse("planning:plan_retrospective", args=[retro_day.plan.pk])
    for user in (
        make_person(kochi, Role.COMMITTEE),
        make_person(retro_day.plan.committee.prefecture),
    ):
        assert client.login(email=user.email, password=PASSWORD)
        assert client.get(url).status_code == 404
        assert client.post(url, {"kind": "keep", "text": "x"}).status_code == 404


def test_next_years_plan_keeps_weekdays_timetables_and_notes(client, first_day, make_member):
    plan = first_day.plan
    member = make_member(plan)
    lecture = first_day.items.get(subject="講義A")
    role_assign(
        item=lecture, role="lecturer", lecturer_name="外部 講師", lecturer_affiliation="大学"
    )
    role_assign(item=lecture, role="timekeeper", member=member)
    retrospective_note_add(plan=plan, training_day=first_day, kind="change", text="休憩を増やす")
    retrospective_note_add(plan=plan, kind="keep", text="委員会は5回")
    assert client.login(email=member.user.email, password=PASSWORD)

    response = client.post(reverse("planning:plan_next_year", args=[plan.pk]))
    copy = AnnualPlan.objects.get(committee__fiscal_year=plan.committee.fiscal_year + 1)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:plan_detail", args=[copy.pk])
    old_days = list(plan.training_days.order_by("date"))
    new_days = list(copy.training_days.order_by("date"))
    assert [d.title for d in new_days] == [d.title for d in old_days]
    for old, new in zip(old_days, new_days, strict=True):
        assert new.date.weekday() == old.date.weekday() and new.date.year == old.date.year + 1
        assert new.cohort_id is None
    old_meetings = list(plan.meetings.order_by("starts_at"))
    new_meetings = list(copy.meetings.order_by("starts_at"))
    for old, new in zip(old_meetings, new_meetings, strict=True):
        assert new.starts_at.weekday() == old.starts_at.weekday()
        assert timezone.localtime(new.starts_at).time() == timezone.localtime(old.starts_at).time()
        assert not new.minutes
    copied_day = new_days[0]
    copied_lecture = copied_day.items.get(subject="講義A")
    assert list(copied_lecture.roles.values_list("role", "lecturer_name")) == [
        ("lecturer", "外部 講師")
    ]
    notes = {
        (n.training_day_id, n.text, n.from_previous_year) for n in copy.retrospective_notes.all()
    }
    assert notes == {(copied_day.pk, "休憩を増やす", True), (None, "委員会は5回", True)}
    page = client.get(reverse("planning:plan_retrospective", args=[copy.pk])).content.decode()
    assert "前年度の振り返りから" in page and "休憩を増やす" in page

    again = client.post(reverse("planning:plan_next_year", args=[plan.pk]), follow=True)
    assert "年度の年間計画はすでにあります" in again.content.decode()
    assert (
        AnnualPlan.objects.filter(committee__fiscal_year=plan.committee.fiscal_year + 1).count()
        == 1
    )


def test_next_year_of_another_prefectures_plan_is_404(client, oita_plan, kochi, make_person):
    assert client.login(email=make_person(kochi, Role.COMMITTEE).email, password=PASSWORD)
    assert client.post(reverse("planning:plan_next_year", args=[oita_plan.pk])).status_code == 404
    assert not AnnualPlan.objects.filter(committee__fiscal_year=2027).exists()
