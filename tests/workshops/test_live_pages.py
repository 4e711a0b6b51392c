"""The workshop list and the live screens: who sees which."""

import pytest
from django.urls import reverse

from accounts.models import Role

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _get(client, user, name: str, workshop=None):
    client.logout()
    assert client.login(email=user.email, password=PASSWORD)
    kwargs = {"workshop_id": workshop.pk} if workshop else {}
    return client.get(reverse(f"workshops:{name}", kwargs=kwargs))


def test_the_list_shows_a_trainee_their_cohorts_workshop_only(client, make_workshop, oita, kochi):
    setup = make_workshop(oita)
    other = make_workshop(kochi)
    page = _get(client, setup.trainees[0], "list").content.decode()
    assert reverse("workshops:board", kwargs={"workshop_id": setup.workshop.pk}) in page
    assert reverse("workshops:board", kwargs={"workshop_id": other.workshop.pk}) not in page


def test_the_board_is_for_the_cohorts_trainees(client, make_workshop, make_person, oita, kochi):
    setup = make_workshop(oita)
    response = _get(client, setup.trainees[0], "board", setup.workshop)
    assert response.status_code == 200
    assert 'data-socket-url="/ws/workshops/' in response.content.decode()
    for outsider in (make_person(oita, Role.TRAINEE), make_person(kochi, Role.TRAINEE)):
        assert _get(client, outsider, "board", setup.workshop).status_code == 404


def test_a_facilitator_opening_the_board_goes_to_the_console(client, make_workshop, oita):
    setup = make_workshop(oita)
    response = _get(client, setup.facilitator, "board", setup.workshop)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "workshops:console", kwargs={"workshop_id": setup.workshop.pk}
    )


@pytest.mark.parametrize("screen", ["console", "plenary"])
def test_console_and_plenary_are_for_the_workshops_facilitators(
    client, make_workshop, make_person, oita, kochi, screen
):
    setup = make_workshop(oita)
    assert _get(client, setup.facilitator, screen, setup.workshop).status_code == 200
    for person in (
        setup.trainees[0],
        make_person(oita, Role.FACILITATOR),
        make_person(kochi, Role.FACILITATOR),
        make_person(kochi, Role.PREFECTURE_ADMIN),
    ):
        assert _get(client, person, screen, setup.workshop).status_code == 404


def test_mypage_lists_the_trainees_workshop(client, make_workshop, oita):
    setup = make_workshop(oita)
    page = _get(client, setup.trainees[0], "list").content.decode()
    assert setup.workshop.title in page
    client.logout()
    client.login(email=setup.trainees[0].email, password=PASSWORD)
    mypage = client.get(reverse("accounts:mypage")).content.decode()
    assert "参加するグループワーク" in mypage and setup.workshop.title in mypage


def test_anonymous_people_are_sent_to_sign_in(client, make_workshop, oita):
    setup = make_workshop(oita)
    for name in ("board", "console", "plenary"):
        response = client.get(
            reverse(f"workshops:{name}", kwargs={"workshop_id": setup.workshop.pk})
        )
        assert response.status_code == 302 and "/login/" in response["Location"]
