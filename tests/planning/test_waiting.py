"""The waiting list (順番待ち): rows beyond the seats wait in file order and move up when a seat frees."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.services import organisation_create
from courses.models import Enrollment
from courses.services import cohort_update, enrollment_delete, enrollment_set_status
from planning.models import WaitingEntry
from planning.roster import read_roster
from planning.seats import SeatRule
from planning.selectors.waiting import waiting_of
from planning.services.roster import roster_check, roster_import_confirm
from planning.services.seats import seats_adjust, seats_share
from planning.services.training import training_day_save
from planning.services.waiting import waiting_fill
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ROWS = [
    "氏名,メールアドレス,市区町村,所属機関",
    "一 別府,b1@example.jp,別府市,別府市社協",
    "二 別府,b2@example.jp,別府市,別府市社協",
    "大分 一,o1@example.jp,大分市,",
    "三 別府,b3@example.jp,ベップシ,",
    "四 別府,b4@example.jp,別府市,別府市社協",
]


@pytest.fixture
def wait_day(oita_plan, make_program, make_cohort):
    """A day for 30 linked to a cohort of 40, with 別府市 held to one seat."""
    prefecture = oita_plan.committee.prefecture
    organisation_create(
        prefecture=prefecture, name="別府市社協", kind="shakyo", municipality="別府市"
    )
    cohort = make_cohort(make_program(lessons=1), prefecture)
    day = oita_plan.training_days.order_by("date").first()
    day = training_day_save(
        plan=oita_plan,
        day=day,
        title=day.title,
        date=day.date,
        starts_at=day.starts_at,
        ends_at=day.ends_at,
        capacity=30,
        cohort=cohort,
    )
    seat_plan = seats_share(day=day, rule=SeatRule.EQUAL)
    seats_adjust(day=day, seats={seat_plan.allocations.get(municipality="別府市").pk: 1})
    return day


@pytest.fixture
def committee_user(client, wait_day, make_member):
    member = make_member(wait_day.plan)
    assert client.login(email=member.user.email, password=PASSWORD)
    return member.user


def _roster(lines=ROWS):
    return read_roster("\r\n".join(lines).encode())


def _confirm(day, user, lines=ROWS):
    return roster_import_confirm(
        day=day, roster=_roster(lines), invited_by=user, site_url="http://testserver"
    )


def _enrolled(day) -> list[str]:
    return sorted(
        day.cohort.enrollments.exclude(status=Enrollment.Status.WITHDRAWN).values_list(
            "trainee__email", flat=True
        )
    )


def _waiting(day) -> list[tuple[str, int]]:
    return [(entry.email, entry.place) for entry in waiting_of(day)]


def test_rows_beyond_the_seats_wait_in_file_order(wait_day, committee_user):
    preview = roster_check(day=wait_day, roster=_roster())
    # width-folded kana is no name of a municipality; fix it to see the rest
    assert "「ベップシ」は大分県の市区町村として登録されていません" in preview.rows[3].errors[0]
    lines = [*ROWS[:4], "三 別府,b3@example.jp,別府市,", ROWS[5]]
    preview = roster_check(day=wait_day, roster=_roster(lines))
    assert preview.valid
    assert [row.waiting for row in preview.rows] == [None, 1, None, 2, 3]

    _confirm(wait_day, committee_user, lines)
    assert _enrolled(wait_day) == ["b1@example.jp", "o1@example.jp"]
    assert _waiting(wait_day) == [("b2@example.jp", 1), ("b3@example.jp", 2), ("b4@example.jp", 3)]
    assert set(WaitingEntry.objects.values_list("municipality", flat=True)) == {"別府市"}

    # someone already waiting may not be put on the list twice
    again = roster_check(day=wait_day, roster=_roster(["氏名,メールアドレス,市区町村", ROWS[2]]))
    assert "すでにこの研修日の順番待ちに入っています" in again.rows[0].errors[0]


def test_a_withdrawal_moves_the_first_of_that_municipality_up(wait_day, committee_user):
    lines = [*ROWS[:4], "三 別府,b3@example.jp,別府市,"]
    _confirm(wait_day, committee_user, lines)
    oita = wait_day.cohort.enrollments.get(trainee__email="o1@example.jp")
    enrollment_set_status(enrollment=oita, status=Enrollment.Status.WITHDRAWN)
    # a seat of 大分市 freed: nobody of 別府市 takes it
    assert _waiting(wait_day) == [("b2@example.jp", 1), ("b3@example.jp", 2)]

    first = wait_day.cohort.enrollments.get(trainee__email="b1@example.jp")
    enrollment_set_status(enrollment=first, status=Enrollment.Status.WITHDRAWN)
    moved = wait_day.cohort.enrollments.get(trainee__email="b2@example.jp")
    assert moved.status == Enrollment.Status.INVITED
    assert moved.trainee.memberships.filter(
        role=Role.TRAINEE, organisation__name="別府市社協"
    ).exists()
    assert _waiting(wait_day) == [("b3@example.jp", 1)]

    enrollment_delete(enrollment=moved)
    assert _waiting(wait_day) == []
    assert _enrolled(wait_day) == ["b3@example.jp"]


def test_more_seats_for_the_municipality_move_people_up(wait_day, committee_user):
    _confirm(wait_day, committee_user, [*ROWS[:4], "三 別府,b3@example.jp,別府市,"])
    beppu = wait_day.seat_plan.allocations.get(municipality="別府市")
    oita = wait_day.seat_plan.allocations.get(municipality="大分市")
    seats_adjust(day=wait_day, seats={beppu.pk: 2, oita.pk: 1})
    assert _waiting(wait_day) == [("b3@example.jp", 1)]
    assert "b2@example.jp" in _enrolled(wait_day)


def test_a_bigger_cohort_moves_the_list_up_when_the_cohort_was_full(wait_day, committee_user):
    cohort_update(cohort=wait_day.cohort, capacity=1)
    _confirm(wait_day, committee_user, [ROWS[0], ROWS[3], ROWS[2]])
    assert _enrolled(wait_day) == ["o1@example.jp"]
    assert _waiting(wait_day) == [("b2@example.jp", 1)]
    cohort_update(cohort=wait_day.cohort, capacity=2)
    assert _enrolled(wait_day) == ["b2@example.jp", "o1@example.jp"]


def test_one_freed_seat_moves_one_person_up_however_often_the_list_is_filled(
    wait_day, committee_user
):
    _confirm(wait_day, committee_user, [*ROWS[:4], ROWS[5]])
    assert _waiting(wait_day) == [("b2@example.jp", 1), ("b4@example.jp", 2)]
    first = wait_day.cohort.enrollments.get(trainee__email="b1@example.jp")
    first.status = Enrollment.Status.WITHDRAWN  # freed behind the services' back
    first.save(update_fields=["status"])
    assert [e.email for e in waiting_fill(day=wait_day)] == ["b2@example.jp"]
    assert waiting_fill(day=wait_day) == []
    assert _waiting(wait_day) == [("b4@example.jp", 1)]
    assert _enrolled(wait_day).count("b2@example.jp") == 1


def test_the_seats_page_lists_the_waiting_and_removes_one(
    client, wait_day, committee_user, kochi, make_person
):
    _confirm(wait_day, committee_user, [*ROWS[:3], "三 別府,b3@example.jp,別府市,"])
    url = reverse("planning:day_seats", args=[wait_day.pk])
    page = client.get(url).content.decode()
    assert page.index("二 別府") < page.index("三 別府") and "2番目" in page
    entry = WaitingEntry.objects.get(email="b2@example.jp")
    remove = reverse("planning:waiting_entry_remove", args=[wait_day.pk, entry.pk])
    assert client.post(remove).status_code == 302
    assert _waiting(wait_day) == [("b3@example.jp", 1)]

    other = WaitingEntry.objects.get()
    for user in (
        make_person(kochi, Role.COMMITTEE),
        make_person(kochi, Role.PREFECTURE_ADMIN),
        make_person(wait_day.plan.committee.prefecture),  # a trainee of the prefecture
    ):
        assert client.login(email=user.email, password=PASSWORD)
        forged = reverse("planning:waiting_entry_remove", args=[wait_day.pk, other.pk])
        assert client.post(forged).status_code == 404
        assert client.get(url).status_code == 404
    assert WaitingEntry.objects.filter(pk=other.pk).exists()
    # an entry id under another day of the same prefecture is 404 too
    client.force_login(committee_user)
    second_day = wait_day.plan.training_days.exclude(pk=wait_day.pk).first()
    crossed = reverse("planning:waiting_entry_remove", args=[second_day.pk, other.pk])
    assert client.post(crossed).status_code == 404
