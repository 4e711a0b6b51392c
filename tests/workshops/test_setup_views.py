"""Creating and preparing a workshop: who may, and what bad input gets."""

import pytest
from django.urls import reverse

from accounts.models import Role
from workshops.models import GroupMember, Workshop

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _client(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def _create_data(setup, **overrides) -> dict:
    data = {
        "cohort": setup.workshop.cohort.pk,
        "title": "事例検討（第2回）",
        "date": "2026-12-01",
        "time": "13:30",
        "method": "gsv",
        "facilitators": [setup.facilitator.pk],
        "group_size": "4",
    }
    data.update(overrides)
    return data


def test_a_facilitator_creates_a_gsv_workshop_with_its_phases(client, make_workshop, oita):
    setup = make_workshop(oita)
    response = _client(client, setup.facilitator).post(
        reverse("workshops:create"), _create_data(setup)
    )
    workshop = Workshop.objects.get(title="事例検討（第2回）")
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("workshops:setup", kwargs={"workshop_id": workshop.pk})
    )
    assert [p.name for p in workshop.phases.order_by("order")] == [
        "事例提示", "質問・情報収集", "アセスメント", "プラン検討", "振り返り",
    ]  # fmt: skip
    assert workshop.starts_at.isoformat() == "2026-12-01T04:30:00+00:00"


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", ""), ("group_size", "1"), ("group_size", "99"), ("date", "明日")],
)
def test_bad_create_input_is_refused_in_japanese(client, make_workshop, oita, field, value):
    setup = make_workshop(oita)
    before = Workshop.objects.count()
    response = _client(client, setup.facilitator).post(
        reverse("workshops:create"), _create_data(setup, **{field: value})
    )
    assert response.status_code == 200
    assert Workshop.objects.count() == before
    errors = response.context["form"].errors
    assert field in errors and any(ch > "\u3000" for ch in str(errors[field]))


def test_another_prefectures_cohort_and_facilitator_are_refused(
    client, make_workshop, make_person, oita, kochi
):
    setup = make_workshop(oita)
    other = make_workshop(kochi)
    before = Workshop.objects.count()
    response = _client(client, setup.facilitator).post(
        reverse("workshops:create"), _create_data(setup, cohort=other.workshop.cohort.pk)
    )
    assert response.status_code == 200 and "cohort" in response.context["form"].errors
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    client.logout()
    response = _client(client, admin).post(
        reverse("workshops:create"), _create_data(setup, facilitators=[other.facilitator.pk])
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert Workshop.objects.count() == before


def test_trainees_cannot_create_workshops(client, make_workshop, oita):
    setup = make_workshop(oita)
    response = _client(client, setup.trainees[0]).get(reverse("workshops:create"))
    assert response.status_code == 404


def _setup_url(workshop) -> str:
    return reverse("workshops:setup", kwargs={"workshop_id": workshop.pk})


def test_setup_is_open_to_its_facilitator_and_the_prefecture_admin(
    client, make_workshop, make_person, oita
):
    setup = make_workshop(oita)
    for person in (setup.facilitator, make_person(oita, Role.PREFECTURE_ADMIN)):
        response = _client(client, person).get(_setup_url(setup.workshop))
        assert response.status_code == 200
        assert "グループ1" in response.content.decode()
        client.logout()


def test_setup_is_hidden_from_trainees_and_other_prefectures(
    client, make_workshop, make_person, oita, kochi
):
    setup = make_workshop(oita)
    for person in (
        setup.trainees[0],
        make_person(kochi, Role.PREFECTURE_ADMIN),
        make_person(kochi, Role.FACILITATOR),
    ):
        _client(client, person)
        assert client.get(_setup_url(setup.workshop)).status_code == 404
        response = client.post(_setup_url(setup.workshop), {"action": "add_group"})
        assert response.status_code == 404
        client.logout()
    assert setup.workshop.groups.count() == 2
    response = client.get(_setup_url(setup.workshop))
    assert response.status_code == 302 and "/login/" in response["Location"]


def _phase_data(workshop, rows: list[dict]) -> dict:
    data = {
        "action": "phases",
        "phases-TOTAL_FORMS": str(len(rows)),
        "phases-INITIAL_FORMS": str(workshop.phases.count()),
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"phases-{index}-{key}"] = value
    return data


def _rows(workshop) -> list[dict]:
    return [
        {
            "id": str(phase.pk),
            "name": phase.name,
            "minutes": str(phase.minutes),
            "instructions": phase.instructions,
            "prompts": phase.prompts,
            "ORDER": str(phase.order),
        }
        for phase in workshop.phases.order_by("order")
    ]


def test_phases_are_edited_reordered_deleted_and_added(client, make_workshop, oita):
    setup = make_workshop(oita)
    workshop = setup.workshop
    rows = _rows(workshop)
    rows[0]["name"] = "事例の説明"
    rows[0]["minutes"] = "12"
    rows[1]["ORDER"] = "9"
    rows[2]["DELETE"] = "on"
    rows.append({"name": "まとめ", "minutes": "5", "ORDER": "10", "prompts": "学んだこと\n"})
    response = _client(client, setup.facilitator).post(
        _setup_url(workshop), _phase_data(workshop, rows)
    )
    assert response.status_code == 302
    names = [(p.name, p.minutes) for p in workshop.phases.order_by("order")]
    assert names == [
        ("事例の説明", 12), ("プラン検討", 15), ("振り返り", 5), ("質問・情報収集", 15), ("まとめ", 5),
    ]  # fmt: skip


@pytest.mark.parametrize("bad", ["zero_minutes", "empty_name", "delete_all"])
def test_bad_phases_are_refused_and_nothing_changes(client, make_workshop, oita, bad):
    setup = make_workshop(oita)
    workshop = setup.workshop
    before = [(p.pk, p.name, p.minutes) for p in workshop.phases.order_by("order")]
    rows = _rows(workshop)
    if bad == "zero_minutes":
        rows[1]["minutes"] = "0"
    elif bad == "empty_name":
        rows[1]["name"] = ""
    else:
        for row in rows:
            row["DELETE"] = "on"
    response = _client(client, setup.facilitator).post(
        _setup_url(workshop), _phase_data(workshop, rows)
    )
    assert response.status_code == 200
    formset = response.context["phase_formset"]
    assert formset.errors or formset.non_form_errors()
    assert [(p.pk, p.name, p.minutes) for p in workshop.phases.order_by("order")] == before


def test_groups_are_dealt_and_people_moved(client, make_workshop, oita):
    setup = make_workshop(oita, trainees=6, group_size=2, assign=False)
    _client(client, setup.facilitator)
    response = client.post(_setup_url(setup.workshop), {"action": "assign", "group_size": "3"})
    assert response.status_code == 302
    assert setup.workshop.groups.count() == 2
    person = setup.trainee_in(1)
    second = setup.workshop.groups.get(number=2)
    response = client.post(
        _setup_url(setup.workshop), {"action": "move", "trainee": person.pk, "group": second.pk}
    )
    assert response.status_code == 302
    assert GroupMember.objects.get(trainee=person).group == second
    response = client.post(
        _setup_url(setup.workshop), {"action": "move", "trainee": person.pk, "group": ""}
    )
    assert not GroupMember.objects.filter(trainee=person).exists()
    assert "グループに入っていない受講者" in client.get(_setup_url(setup.workshop)).content.decode()


def test_moving_someone_outside_the_cohort_is_refused_with_a_message(
    client, make_workshop, make_person, oita
):
    setup = make_workshop(oita)
    outsider = make_person(oita, Role.TRAINEE)
    group = setup.workshop.groups.first()
    response = _client(client, setup.facilitator).post(
        _setup_url(setup.workshop),
        {"action": "move", "trainee": outsider.pk, "group": group.pk},
        follow=True,
    )
    assert "受講者ではありません" in response.content.decode()
    assert not GroupMember.objects.filter(trainee=outsider).exists()
    response = client.post(_setup_url(setup.workshop), {"action": "assign", "group_size": "x"})
    assert response.status_code == 200 and response.context["assign_form"].errors
