"""Organisation names with mojibake or control characters are refused, not stored."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import Organisation, Role

BROKEN = ["相談支援センター\ufffd\ufffd", "あおぞら\x00会", "つなぐ\u202eセンター"]


@pytest.mark.parametrize("name", BROKEN)
def test_the_service_refuses_unprintable_names(oita, name):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            prefecture=oita, name=name, kind=Organisation.Kind.SELF_RELIANCE
        )
    assert "name" in error.value.message_dict
    assert not Organisation.objects.exists()


def test_the_service_refuses_an_unprintable_rename(oita, make_organisation):
    organisation = make_organisation(oita)
    with pytest.raises(ValidationError):
        services.organisation_update(
            organisation=organisation,
            name="名前\ufffd",
            kind=organisation.kind,
            municipality="大分市\x1b",
        )
    organisation.refresh_from_db()
    assert "\ufffd" not in organisation.name and "\x1b" not in organisation.municipality_text


@pytest.mark.parametrize("name", BROKEN)
def test_the_organisation_page_answers_in_japanese(client, oita, make_person, name):
    client.force_login(make_person(oita, Role.PREFECTURE_ADMIN))
    response = client.post(
        reverse("accounts:organisations", args=[oita.slug]),
        {"name": name, "kind": Organisation.Kind.SELF_RELIANCE, "municipality": ""},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "文字化けした文字" in body or "制御文字" in body
    assert not Organisation.objects.exists()
