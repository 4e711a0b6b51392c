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
def test_console_and_plenary_are_for_the_workshops_facilitators_and_admins(
    client, make_workshop, make_person, oita, kochi, screen
):
    setup = make_workshop(oita)
    assert _get(client, setup.facilitator, screen, setup.workshop).status_code == 200
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    assert _get(client, admin, screen, setup.workshop).status_code == 200
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


def _links(page: str, workshop) -> set[str]:
    """Which workshop pages a page links to, by URL name."""
    names = ("board", "console", "plenary", "setup", "record")
    return {
        name
        for name in names
        if f'href="{reverse(f"workshops:{name}", kwargs={"workshop_id": workshop.pk})}"' in page
    }


def test_the_admin_watches_the_console_without_its_controls(
    client, make_workshop, make_person, oita
):
    """Before, the administrator's own links to the console opened a 404."""
    setup = make_workshop(oita)
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    page = _get(client, admin, "console", setup.workshop).content.decode()
    assert "data-read-only" in page and "見るだけ" in page
    assert "data-control" not in page and 'id="announce-form"' not in page
    # Everything the console shows live is still there.
    assert "data-groups" in page and "data-highlights" in page and "data-timer" in page
    runner = _get(client, setup.facilitator, "console", setup.workshop).content.decode()
    assert "data-read-only" not in runner and 'data-control="timer.start"' in runner


def test_each_role_is_linked_only_to_pages_it_may_open(client, make_workshop, make_person, oita):
    setup = make_workshop(oita)
    workshop = setup.workshop
    admin = make_person(oita, Role.PREFECTURE_ADMIN)
    expected = {
        setup.trainees[0]: {"board", "record"},
        setup.facilitator: {"console", "plenary", "setup", "record"},
        admin: {"console", "plenary", "setup", "record"},
    }
    for person, names in expected.items():
        listing = _get(client, person, "list").content.decode()
        assert _links(listing, workshop) == names, person
        mypage = client.get(reverse("accounts:mypage")).content.decode()
        assert _links(mypage, workshop) == names, person
        for name in names:
            response = client.get(reverse(f"workshops:{name}", kwargs={"workshop_id": workshop.pk}))
            assert response.status_code == 200, (person, name)
    setup_page = _get(client, admin, "setup", workshop).content.decode()
    console = reverse("workshops:console", kwargs={"workshop_id": workshop.pk})
    assert console in setup_page and client.get(console).status_code == 200
