"""Adding a milestone, a meeting or a training day: each on its own page, reached from the plan."""

import pytest
from django.urls import reverse

from accounts.models import Role
from planning.models import Milestone, PlanningMeeting, TrainingDay
from tests.conftest import PASSWORD

ADD_PAGES = [
    (
        "planning:milestone_create",
        "節目を追加する",
        {"milestone-title": "名簿の確認", "milestone-due_on": "2026-03-02"},
        lambda plan: Milestone.objects.filter(plan=plan, title="名簿の確認"),
    ),
    (
        "planning:meeting_create",
        "検討会議を追加する",
        {
            "meeting-title": "臨時の検討会議",
            "meeting-starts_at": "2026-06-02T14:00",
            "meeting-ends_at": "2026-06-02T15:00",
        },
        lambda plan: PlanningMeeting.objects.filter(plan=plan, title="臨時の検討会議"),
    ),
    (
        "planning:day_create",
        "研修日を追加する",
        {
            "day-title": "追加の研修日",
            "day-date": "2026-11-10",
            "day-starts_at": "09:30",
            "day-ends_at": "16:30",
            "day-capacity": "40",
        },
        lambda plan: TrainingDay.objects.filter(plan=plan, title="追加の研修日"),
    ),
]


@pytest.mark.parametrize(("name", "heading", "data", "added"), ADD_PAGES)
def test_the_plan_links_to_each_add_page_which_adds_or_says_what_is_wrong(
    client, oita, oita_plan, make_person, name, heading, data, added
):
    planner = make_person(oita, Role.COMMITTEE)
    assert client.login(email=planner.email, password=PASSWORD)
    url = reverse(name, kwargs={"plan_id": oita_plan.pk})
    plan_page = client.get(reverse("planning:plan_detail", kwargs={"plan_id": oita_plan.pk}))
    assert f'href="{url}"' in plan_page.content.decode()
    page = client.get(url)
    assert page.status_code == 200 and f"<h1>{heading}</h1>" in page.content.decode()
    refused = client.post(url, {})
    assert refused.status_code == 400 and "この項目は必須です" in refused.content.decode()
    assert client.post(url, data).status_code == 302
    assert added(oita_plan).count() == 1


@pytest.mark.parametrize(("name", "heading", "data", "added"), ADD_PAGES)
def test_another_prefecture_gets_404_from_each_add_page(
    client, kochi, oita_plan, make_person, name, heading, data, added
):
    other = make_person(kochi, Role.COMMITTEE)
    assert client.login(email=other.email, password=PASSWORD)
    url = reverse(name, kwargs={"plan_id": oita_plan.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    assert not added(oita_plan).exists()
