"""Creating and preparing a workshop: who may, and what bad input gets."""

import re
from collections import Counter
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Role
from workshops import services
from workshops.models import GroupMember, Workshop

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
HUGE_ID = str(10**30)


@pytest.fixture
def sent(monkeypatch) -> dict[str, list]:
    """What the setup page told the open sockets, instead of a channel layer."""
    calls: dict[str, list] = {"refresh": [], "rescope": []}
    monkeypatch.setattr(
        "workshops.broadcast.refresh_everyone", lambda pk: calls["refresh"].append(pk)
    )
    monkeypatch.setattr(
        "workshops.broadcast.rescope_members",
        lambda pk, ids: calls["rescope"].append((pk, list(ids))),
    )
    return calls


def _client(client, user):
    client.logout()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def _japanese(errors) -> bool:
    return bool(errors) and bool(JAPANESE.search(str(errors)))


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


def _post_create(client, user, data):
    return _client(client, user).post(reverse("workshops:create"), data)


# --- Creating ------------------------------------------------------------------------------


def test_a_facilitator_creates_a_gsv_workshop_with_its_phases(client, make_workshop, oita):
    setup = make_workshop(oita)
    assert _client(client, setup.facilitator).get(reverse("workshops:create")).status_code == 200
    response = client.post(reverse("workshops:create"), _create_data(setup))
    workshop = Workshop.objects.get(title="事例検討（第2回）")
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("workshops:setup", kwargs={"workshop_id": workshop.pk})
    )
    assert [p.name for p in workshop.phases.order_by("order")] == [
        "事例提示", "質問・情報収集", "アセスメント", "プラン検討", "振り返り",
    ]  # fmt: skip
    assert workshop.starts_at.isoformat() == "2026-12-01T04:30:00+00:00"
    assert workshop.group_size == 4
    assert list(workshop.facilitators.all()) == [setup.facilitator]
    assert "グループワークを作りました" in client.get(response["Location"]).content.decode()


def test_the_prefecture_admin_creates_one_led_by_another_facilitator(
    client, make_workshop, make_person, oita
):
    setup = make_workshop(oita)
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    colleague = make_person(oita, Role.FACILITATOR)
    page = _client(client, admin).get(reverse("workshops:create"))
    assert page.status_code == 200
    response = client.post(
        reverse("workshops:create"),
        _create_data(setup, method="exchange", facilitators=[colleague.pk]),
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get(title="事例検討（第2回）")
    assert list(workshop.facilitators.all()) == [colleague]
    assert [p.name for p in workshop.phases.order_by("order")] == ["自己紹介", "意見交換", "まとめ"]


def test_no_facilitator_ticked_means_the_cohorts_facilitators(client, make_workshop, oita):
    setup = make_workshop(oita)
    page = _client(client, setup.facilitator).get(reverse("workshops:create")).content.decode()
    # The only cohort is offered with its facilitator already ticked.
    assert re.search(rf'value="{setup.facilitator.pk}"[^>]*checked', page)
    assert "<legend>ファシリテーター</legend>" in page
    response = client.post(reverse("workshops:create"), _create_data(setup, facilitators=[]))
    assert response.status_code == 302
    workshop = Workshop.objects.get(title="事例検討（第2回）")
    assert list(workshop.facilitators.all()) == [setup.facilitator]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "   "),
        ("group_size", "1"),
        ("group_size", "99"),
        ("date", "明日"),
        ("date", "0001-01-01"),
        ("time", "25:00"),
        ("method", "lecture"),
        ("cohort", HUGE_ID),
        ("case_study", HUGE_ID),
        ("facilitators", [HUGE_ID]),
    ],
)
def test_bad_create_input_is_refused_in_japanese(client, make_workshop, oita, field, value):
    setup = make_workshop(oita)
    before = Workshop.objects.count()
    response = _post_create(client, setup.facilitator, _create_data(setup, **{field: value}))
    assert response.status_code == 200
    assert Workshop.objects.count() == before
    assert _japanese(response.context["form"].errors.get(field))


def test_an_empty_post_shows_the_required_fields(client, make_workshop, oita):
    setup = make_workshop(oita)
    response = _post_create(client, setup.facilitator, {})
    assert response.status_code == 200
    assert {"cohort", "title", "date", "time"} <= set(response.context["form"].errors)


def test_another_prefectures_cohort_is_not_a_choice(client, make_workshop, oita, kochi):
    setup = make_workshop(oita)
    other = make_workshop(kochi)
    before = Workshop.objects.count()
    response = _post_create(
        client, setup.facilitator, _create_data(setup, cohort=other.workshop.cohort.pk)
    )
    assert response.status_code == 200
    assert _japanese(response.context["form"].errors.get("cohort"))
    assert Workshop.objects.count() == before


@pytest.mark.parametrize("who", ["trainee", "other_facilitator"])
def test_only_the_prefectures_facilitators_can_be_chosen(
    client, make_workshop, make_person, oita, kochi, who
):
    setup = make_workshop(oita)
    chosen = (
        setup.trainees[0]
        if who == "trainee"
        else make_workshop(kochi, trainees=0, assign=False).facilitator
    )
    before = Workshop.objects.count()
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    response = _post_create(client, admin, _create_data(setup, facilitators=[chosen.pk]))
    assert response.status_code == 200
    assert _japanese(response.context["form"].errors.get("facilitators"))
    assert Workshop.objects.count() == before


def test_the_services_refusal_becomes_a_form_error(client, make_workshop, make_person, oita, kochi):
    """An admin of two prefectures sees both prefectures' facilitators; the service says no."""
    setup = make_workshop(oita)
    stranger = make_workshop(kochi, trainees=0, assign=False).facilitator
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    account_services.membership_grant(user=admin, prefecture=kochi, role=Role.PREFECTURE_ADMIN)
    before = Workshop.objects.count()
    response = _post_create(client, admin, _create_data(setup, facilitators=[stranger.pk]))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert "ファシリテーターではありません" in str(errors)
    assert "ファシリテーターではありません" in response.content.decode()
    assert Workshop.objects.count() == before


def test_people_without_a_cohort_to_run_cannot_create(
    client, make_workshop, make_person, oita, kochi
):
    setup = make_workshop(oita)
    for person in (
        setup.trainees[0],
        make_person(oita, Role.FACILITATOR),  # a facilitator, but of no cohort
        make_person(kochi, Role.FACILITATOR),
        make_person(kochi, Role.PREFECTURE_ADMIN),  # kochi has no cohort yet
    ):
        _client(client, person)
        assert client.get(reverse("workshops:create")).status_code == 404
        assert client.post(reverse("workshops:create"), _create_data(setup)).status_code == 404
    assert Workshop.objects.count() == 1


def test_anonymous_people_are_sent_to_sign_in_from_create(client, make_workshop, oita):
    setup = make_workshop(oita)
    for response in (
        client.get(reverse("workshops:create")),
        client.post(reverse("workshops:create"), _create_data(setup)),
    ):
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert Workshop.objects.count() == 1


def test_creating_needs_the_csrf_token(make_workshop, oita):
    setup = make_workshop(oita)
    strict = Client(enforce_csrf_checks=True)
    assert strict.login(email=setup.facilitator.email, password=PASSWORD)
    assert 'name="csrfmiddlewaretoken"' in strict.get(reverse("workshops:create")).content.decode()
    response = strict.post(reverse("workshops:create"), _create_data(setup))
    assert response.status_code == 403
    assert Workshop.objects.count() == 1


# --- Who may open the setup page ------------------------------------------------------------


def _setup_url(workshop) -> str:
    return reverse("workshops:setup", kwargs={"workshop_id": workshop.pk})


@pytest.mark.parametrize("who", ["facilitator", "admin"])
def test_setup_is_open_to_its_facilitator_and_the_prefecture_admin(
    client, make_workshop, make_person, oita, who, sent
):
    setup = make_workshop(oita)
    person = setup.facilitator if who == "facilitator" else make_person(oita, Role.PREFECTURE_ADMIN)
    response = _client(client, person).get(_setup_url(setup.workshop))
    assert response.status_code == 200
    page = response.content.decode()
    assert "グループ1" in page and "フェーズ1: 事例提示" in page
    assert 'name="csrfmiddlewaretoken"' in page
    response = client.post(_setup_url(setup.workshop), {"action": "add_group"}, follow=True)
    assert "グループ3を追加しました" in response.content.decode()
    assert setup.workshop.groups.count() == 3


def test_setup_is_hidden_from_trainees_and_other_prefectures(
    client, make_workshop, make_person, oita, kochi
):
    setup = make_workshop(oita)
    for person in (
        setup.trainees[0],
        make_person(oita, Role.FACILITATOR),  # the prefecture's, but not this workshop's
        make_person(kochi, Role.PREFECTURE_ADMIN),
        make_person(kochi, Role.FACILITATOR),
        make_workshop(kochi).facilitator,
    ):
        _client(client, person)
        assert client.get(_setup_url(setup.workshop)).status_code == 404
        for action in ("add_group", "assign", "phases", "move"):
            response = client.post(_setup_url(setup.workshop), {"action": action, "group_size": 3})
            assert response.status_code == 404
    assert setup.workshop.groups.count() == 2


def test_anonymous_people_are_sent_to_sign_in_from_setup(client, make_workshop, oita):
    setup = make_workshop(oita)
    for response in (
        client.get(_setup_url(setup.workshop)),
        client.post(_setup_url(setup.workshop), {"action": "add_group"}),
    ):
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert setup.workshop.groups.count() == 2


def test_an_unknown_workshop_is_404(client, make_workshop, oita):
    setup = make_workshop(oita)
    response = _client(client, setup.facilitator).get(
        reverse("workshops:setup", kwargs={"workshop_id": 999999})
    )
    assert response.status_code == 404


# --- Phases -----------------------------------------------------------------------------------


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


def _phases(workshop) -> list[tuple]:
    return [(p.pk, p.name, p.minutes, p.prompts) for p in workshop.phases.order_by("order")]


def test_phases_are_edited_reordered_deleted_and_added(client, make_workshop, oita, sent):
    setup = make_workshop(oita)
    workshop = setup.workshop
    rows = _rows(workshop)
    rows[0]["name"] = "事例の説明"
    rows[0]["minutes"] = "12"
    rows[1]["ORDER"] = "9"
    rows[2]["DELETE"] = "on"
    rows.append({"name": "まとめ", "minutes": "5", "ORDER": "10", "prompts": "学んだこと\n"})
    response = _client(client, setup.facilitator).post(
        _setup_url(workshop), _phase_data(workshop, rows), follow=True
    )
    assert response.redirect_chain[0][1] == 302
    assert "フェーズを保存しました" in response.content.decode()
    names = [(p.name, p.minutes) for p in workshop.phases.order_by("order")]
    assert names == [
        ("事例の説明", 12), ("プラン検討", 15), ("振り返り", 5), ("質問・情報収集", 15), ("まとめ", 5),
    ]  # fmt: skip
    assert workshop.phases.get(name="まとめ").prompt_list() == ["学んだこと"]
    assert sent["refresh"] == [workshop.pk]


def test_a_new_phase_without_a_number_goes_last(client, make_workshop, oita, sent):
    setup = make_workshop(oita)
    workshop = setup.workshop
    rows = [*_rows(workshop), {"name": "おまけ", "minutes": "3"}]
    response = _client(client, setup.facilitator).post(
        _setup_url(workshop), _phase_data(workshop, rows)
    )
    assert response.status_code == 302
    assert workshop.phases.order_by("order").last().name == "おまけ"


def test_deleting_the_current_phase_moves_the_session_to_the_first(
    client, make_workshop, oita, sent
):
    setup = make_workshop(oita)
    workshop = setup.workshop
    rows = _rows(workshop)
    rows[0]["DELETE"] = "on"
    _client(client, setup.facilitator).post(_setup_url(workshop), _phase_data(workshop, rows))
    workshop.refresh_from_db()
    assert workshop.current_phase.name == "質問・情報収集"


@pytest.mark.parametrize(
    "bad", ["zero_minutes", "too_many_minutes", "empty_name", "delete_all", "too_many_rows"]
)
def test_bad_phases_are_refused_and_nothing_changes(client, make_workshop, oita, bad, sent):
    setup = make_workshop(oita)
    workshop = setup.workshop
    before = _phases(workshop)
    rows = _rows(workshop)
    rows[0]["name"] = "変えたつもり"  # a valid edit in the same post must not be saved either
    if bad == "zero_minutes":
        rows[1]["minutes"] = "0"
    elif bad == "too_many_minutes":
        rows[1]["minutes"] = "181"
    elif bad == "empty_name":
        rows[1]["name"] = ""
    elif bad == "delete_all":
        for row in rows:
            row["DELETE"] = "on"
    else:
        rows += [{"name": f"追加{n}", "minutes": "1"} for n in range(20)]
    response = _client(client, setup.facilitator).post(
        _setup_url(workshop), _phase_data(workshop, rows)
    )
    assert response.status_code == 200
    formset = response.context["phase_formset"]
    assert _japanese(formset.errors) or _japanese(formset.non_form_errors())
    assert _phases(workshop) == before
    assert sent["refresh"] == []
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "事例の\ufffd説明"),
        ("instructions", "順番に\ufffd話す"),
        ("prompts", "強みは？\n\u202e反転"),
        ("instructions", "順番に\x07話す"),
    ],
)
def test_phase_text_that_cannot_be_stored_is_refused_in_japanese(
    client, make_workshop, oita, field, value, sent
):
    setup = make_workshop(oita)
    workshop = setup.workshop
    before = _phases(workshop) + [(p.instructions,) for p in workshop.phases.order_by("order")]
    rows = _rows(workshop)
    rows[1][field] = value
    response = _client(client, setup.facilitator).post(
        _setup_url(workshop), _phase_data(workshop, rows), follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    labels = {"name": "フェーズ名", "instructions": "進め方", "prompts": "問いかけ"}
    assert f"2番目のフェーズの「{labels[field]}」" in html
    assert "文字化けした文字" in html or "制御文字など" in html
    assert _phases(workshop) + [(p.instructions,) for p in workshop.phases.order_by("order")] == (
        before
    )
    assert sent["refresh"] == []


def test_raw_invalid_utf8_in_a_phase_name_is_refused(client, make_workshop, oita, sent):
    setup = make_workshop(oita)
    workshop = setup.workshop
    before = _phases(workshop)
    rows = _rows(workshop)
    rows[0]["name"] = "壊れた"
    body = urlencode(_phase_data(workshop, rows)).replace(
        quote("壊れた"), quote("壊れた") + "%FF%FE"
    )
    response = _client(client, setup.facilitator).post(
        _setup_url(workshop), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "文字化けした文字" in response.content.decode()
    assert _phases(workshop) == before


def test_phases_save_refuses_unprintable_text_before_writing(make_workshop, oita):
    setup = make_workshop(oita)
    workshop = setup.workshop
    before = _phases(workshop)
    rows = [
        {"id": None, "name": "まとめ", "minutes": 5, "instructions": "", "prompts": ""},
        {"id": None, "name": "振り\x00返り", "minutes": 5, "instructions": "", "prompts": ""},
    ]
    with pytest.raises(services.WorkshopError) as caught:
        services.phases_save(workshop=workshop, phases=rows)
    assert caught.value.code == "invalid" and "2" in caught.value.message
    assert _phases(workshop) == before


@pytest.mark.parametrize("tampered", ["true", "True", "on", "0", "-1", "x"])
def test_a_tampered_hidden_phase_id_gets_a_visible_message(
    client, make_workshop, oita, tampered, sent
):
    setup = make_workshop(oita)
    workshop = setup.workshop
    before = _phases(workshop)
    rows = _rows(workshop)
    rows[1]["id"] = tampered
    response = _client(client, setup.facilitator).post(
        _setup_url(workshop), _phase_data(workshop, rows)
    )
    assert response.status_code == 200
    errors = response.context["phase_formset"].forms[1].non_field_errors()
    assert _japanese(errors)
    assert str(errors[0]) in response.content.decode()
    assert _phases(workshop) == before


def test_a_tampered_management_form_is_an_error_not_a_crash(client, make_workshop, oita, sent):
    setup = make_workshop(oita)
    before = _phases(setup.workshop)
    response = _client(client, setup.facilitator).post(
        _setup_url(setup.workshop), {"action": "phases", "phases-TOTAL_FORMS": "x"}
    )
    assert response.status_code == 200
    assert response.context["phase_formset"].non_form_errors()
    assert _phases(setup.workshop) == before


# --- Groups -----------------------------------------------------------------------------------


def test_automatic_groups_mix_organisations(client, make_workshop, make_organisation, oita, sent):
    setup = make_workshop(oita, trainees=6, group_size=2, assign=False)
    offices = [make_organisation(oita, municipality=f"市{n}") for n in range(3)]
    for index, person in enumerate(setup.trainees):
        person.memberships.filter(role=Role.TRAINEE).update(organisation=offices[index // 2])
    _client(client, setup.facilitator)
    response = client.post(
        _setup_url(setup.workshop), {"action": "assign", "group_size": "3"}, follow=True
    )
    assert "グループを作りました" in response.content.decode()
    groups = list(setup.workshop.groups.order_by("number"))
    assert len(groups) == 2
    sizes = []
    for group in groups:
        organisations = Counter(
            member.trainee.memberships.get(role=Role.TRAINEE).organisation_id
            for member in group.members.all()
        )
        assert max(organisations.values()) == 1
        sizes.append(group.members.count())
    assert max(sizes) - min(sizes) <= 1 and sum(sizes) == 6
    assert sorted(sent["rescope"][0][1]) == sorted(p.pk for p in setup.trainees)
    # The page lists each member with their workplace and town.
    assert offices[0].name in response.content.decode() and "市2" in response.content.decode()


@pytest.mark.parametrize("size", ["1", "13", "x", ""])
def test_a_bad_group_size_is_refused_in_japanese(client, make_workshop, oita, size, sent):
    setup = make_workshop(oita)
    before = list(setup.workshop.groups.values_list("pk", flat=True))
    response = _client(client, setup.facilitator).post(
        _setup_url(setup.workshop), {"action": "assign", "group_size": size}
    )
    assert response.status_code == 200
    assert _japanese(response.context["assign_form"].errors.get("group_size"))
    assert list(setup.workshop.groups.values_list("pk", flat=True)) == before


def test_regrouping_is_refused_once_there_are_posts(client, make_workshop, oita, sent):
    setup = make_workshop(oita)
    services.post_create(
        workshop_id=setup.workshop.pk,
        author=setup.trainee_in(1),
        kind="notice",
        text="最初の気づき",
        client_id="a1",
    )
    before = list(GroupMember.objects.values_list("trainee_id", "group_id").order_by("pk"))
    response = _client(client, setup.facilitator).post(
        _setup_url(setup.workshop), {"action": "assign", "group_size": "3"}
    )
    assert response.status_code == 200
    assert "投稿があるため" in response.content.decode()
    assert list(GroupMember.objects.values_list("trainee_id", "group_id").order_by("pk")) == before
    assert sent["rescope"] == []


def test_people_are_moved_between_groups_and_out(client, make_workshop, oita, sent):
    setup = make_workshop(oita, trainees=6, group_size=3)
    person = setup.trainee_in(1)
    second = setup.workshop.groups.get(number=2)
    _client(client, setup.facilitator)
    response = client.post(
        _setup_url(setup.workshop),
        {"action": "move", "trainee": person.pk, "group": second.pk},
        follow=True,
    )
    assert "グループ2に移動しました" in response.content.decode()
    assert GroupMember.objects.get(trainee=person).group == second
    response = client.post(
        _setup_url(setup.workshop), {"action": "move", "trainee": person.pk, "group": ""}
    )
    assert response.status_code == 302
    assert not GroupMember.objects.filter(trainee=person).exists()
    page = client.get(_setup_url(setup.workshop)).content.decode()
    assert "グループに入っていない受講者" in page and person.get_full_name() in page
    assert f'<label for="move-{person.pk}" class="visually-hidden">' in page
    assert sent["rescope"] == [(setup.workshop.pk, [person.pk]), (setup.workshop.pk, [person.pk])]


def test_an_empty_group_can_be_added_and_filled(client, make_workshop, oita, sent):
    setup = make_workshop(oita)
    _client(client, setup.facilitator).post(_setup_url(setup.workshop), {"action": "add_group"})
    third = setup.workshop.groups.get(number=3)
    assert "まだメンバーがいません" in client.get(_setup_url(setup.workshop)).content.decode()
    person = setup.trainee_in(1)
    client.post(
        _setup_url(setup.workshop), {"action": "move", "trainee": person.pk, "group": third.pk}
    )
    assert GroupMember.objects.get(trainee=person).group == third


def _move_answer(client, workshop, trainee) -> str:
    """The messages the setup page shows after asking to move `trainee` into the first group."""
    response = client.post(
        _setup_url(workshop),
        {"action": "move", "trainee": trainee, "group": workshop.groups.first().pk},
    )
    assert response.status_code == 200
    return " ".join(str(message) for message in response.context["messages"])


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.PREFECTURE_ADMIN])
def test_moving_anyone_outside_the_cohort_gets_one_answer_that_names_nobody(
    client, make_workshop, make_person, oita, kochi, role, sent
):
    setup = make_workshop(oita)
    other = make_workshop(oita)
    manager = setup.facilitator if role == Role.FACILITATOR else make_person(oita, role)
    outsiders = {
        "kochi trainee": make_person(kochi, Role.TRAINEE, full_name="高知 花子"),
        "kochi admin": make_person(kochi, Role.PREFECTURE_ADMIN, full_name="高知 太郎"),
        "oita non-member": make_person(oita, Role.TRAINEE, full_name="大分 次郎"),
        "another cohort's trainee": other.trainees[0],
        "a facilitator": other.facilitator,
    }
    _client(client, manager)
    missing = _move_answer(client, setup.workshop, "999999")
    assert JAPANESE.search(missing)
    for label, person in outsiders.items():
        answer = _move_answer(client, setup.workshop, person.pk)
        assert answer == missing, label
        assert person.get_full_name() not in answer and person.email not in answer, label
        assert not GroupMember.objects.filter(trainee=person, workshop=setup.workshop).exists()
    assert sent["rescope"] == []


def test_a_64_bit_id_is_looked_up_and_one_past_it_is_a_form_error(
    client, make_workshop, oita, sent
):
    setup = make_workshop(oita)
    _client(client, setup.facilitator)
    missing = _move_answer(client, setup.workshop, "999999")
    assert _move_answer(client, setup.workshop, str(2**63 - 1)) == missing
    past = _move_answer(client, setup.workshop, str(2**63))
    assert past != missing and JAPANESE.search(past)


def test_a_withdrawn_trainee_still_placed_can_be_taken_out(client, make_workshop, oita, sent):
    from courses.models import Enrollment
    from courses.services import enrollment_set_status

    setup = make_workshop(oita)
    person = setup.trainee_in(1)
    enrollment_set_status(
        enrollment=Enrollment.objects.get(trainee=person), status=Enrollment.Status.WITHDRAWN
    )
    response = _client(client, setup.facilitator).post(
        _setup_url(setup.workshop), {"action": "move", "trainee": person.pk, "group": ""}
    )
    assert response.status_code == 302
    assert not GroupMember.objects.filter(trainee=person).exists()


@pytest.mark.parametrize("target", ["other_workshop", "missing", "huge", "text"])
def test_moving_into_a_group_that_is_not_this_workshops_is_refused(
    client, make_workshop, oita, target, sent
):
    setup = make_workshop(oita)
    other = make_workshop(oita)
    person = setup.trainee_in(1)
    before = GroupMember.objects.get(trainee=person).group_id
    group = {
        "other_workshop": other.workshop.groups.first().pk,
        "missing": 999999,
        "huge": HUGE_ID,
        "text": "グループ2",
    }[target]
    response = _client(client, setup.facilitator).post(
        _setup_url(setup.workshop), {"action": "move", "trainee": person.pk, "group": group}
    )
    assert response.status_code == 200
    assert JAPANESE.search(str(list(response.context["messages"])))
    assert GroupMember.objects.get(trainee=person).group_id == before
    assert sent["rescope"] == []


@pytest.mark.parametrize("trainee", ["", "999999", HUGE_ID, "-1"])
def test_moving_an_unknown_person_is_refused(client, make_workshop, oita, trainee, sent):
    setup = make_workshop(oita)
    group = setup.workshop.groups.first()
    response = _client(client, setup.facilitator).post(
        _setup_url(setup.workshop), {"action": "move", "trainee": trainee, "group": group.pk}
    )
    assert response.status_code == 200
    assert GroupMember.objects.filter(workshop=setup.workshop).count() == 4


# --- The list ---------------------------------------------------------------------------------


def test_the_list_links_setup_for_those_who_manage(client, make_workshop, make_person, oita, kochi):
    setup = make_workshop(oita)
    setup_link = _setup_url(setup.workshop)
    page = _client(client, make_person(oita, Role.PREFECTURE_ADMIN)).get(reverse("workshops:list"))
    assert setup_link in page.content.decode()
    assert reverse("workshops:create") in page.content.decode()
    trainee_page = _client(client, setup.trainees[0]).get(reverse("workshops:list"))
    assert setup.workshop.title in trainee_page.content.decode()
    assert setup_link not in trainee_page.content.decode()
    kochi_page = _client(client, make_person(kochi, Role.PREFECTURE_ADMIN)).get(
        reverse("workshops:list")
    )
    assert setup.workshop.title not in kochi_page.content.decode()
    client.logout()
    response = client.get(reverse("workshops:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]
