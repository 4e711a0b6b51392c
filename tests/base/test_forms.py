"""The shared id choice fields refuse what cannot be an id, with the field's own message."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser

from accounts.models import Prefecture, Role
from base.forms import IdChoiceField, IdMultipleChoiceField
from courses.models import Cohort

HUGE = str(2**63 + 1)


class _PrefectureForm(forms.Form):
    one = IdChoiceField(queryset=Prefecture.objects.all(), required=False)
    many = IdMultipleChoiceField(queryset=Prefecture.objects.all(), required=False)


@pytest.mark.parametrize("bad", [HUGE, "-1", "0", "1.5", "true", True, "１", "1e3", " "])
def test_values_that_cannot_be_ids_are_invalid_choices(oita, bad):
    form = _PrefectureForm({"one": bad, "many": [bad]})
    assert not form.is_valid()
    assert form.errors.as_data()["one"][0].code == "invalid_choice"
    assert form.errors.as_data()["many"][0].code == "invalid_choice"


def test_a_real_id_still_chooses_its_row(oita):
    form = _PrefectureForm({"one": str(oita.pk), "many": [str(oita.pk), oita.pk]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["one"] == oita and list(form.cleaned_data["many"]) == [oita]


@pytest.mark.parametrize("field", ["program", "facilitators", "prefecture"])
def test_the_cms_cohort_form_refuses_huge_ids_in_japanese(
    client, oita, make_person, field, make_program
):
    program = make_program(lessons=0)
    client.force_login(make_person(oita, Role.PREFECTURE_ADMIN))
    data = {
        "program": program.pk,
        "prefecture": oita.pk,
        "fiscal_year": 2026,
        "title": "巨大な番号",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-02",
        "venue": "大分",
        "capacity": 30,
        field: HUGE,
    }
    response = client.post("/admin/cohorts/new/", data)
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    assert not Cohort.objects.exists()


def test_the_cms_cohort_edit_form_refuses_a_huge_program(
    client, oita, make_person, make_program, make_cohort
):
    cohort = make_cohort(make_program(lessons=0), oita)
    client.force_login(make_person(oita, Role.PREFECTURE_ADMIN))
    data = {
        "program": HUGE,
        "fiscal_year": 2026,
        "title": "変更",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-02",
        "capacity": 30,
        "facilitators": [HUGE],
    }
    response = client.post(f"/admin/cohorts/edit/{cohort.pk}/", data)
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()
    assert Cohort.objects.get().title == cohort.title


def test_the_cms_enrollment_form_refuses_huge_ids(client, oita, make_person):
    client.force_login(make_person(oita, Role.PREFECTURE_ADMIN))
    response = client.post(
        "/admin/enrollments/new/", {"cohort": HUGE, "trainee": HUGE, "status": "enrolled"}
    )
    assert response.status_code == 200
    assert "正しく選択してください" in response.content.decode()


def test_the_invitation_form_refuses_a_huge_organisation_in_japanese(oita):
    from accounts.forms import InvitationForm

    form = InvitationForm(
        {
            "email": "new@example.jp",
            "full_name": "新人 太郎",
            "role": Role.TRAINEE,
            "organisation": HUGE,
        },
        prefecture=oita,
    )
    assert not form.is_valid()
    assert form.errors["organisation"] == ["所属機関は一覧から選んでください。"]


def test_the_workshop_form_refuses_huge_ids(oita):
    from workshops.forms import WorkshopCreateForm

    form = WorkshopCreateForm(
        {"cohort": HUGE, "case_study": HUGE, "facilitators": [HUGE]},
        cohorts=Cohort.objects.filter(prefecture=oita),
        user=AnonymousUser(),
    )
    assert not form.is_valid()
    for field in ("cohort", "case_study", "facilitators"):
        assert form.errors.as_data()[field][0].code == "invalid_choice", field
