"""Dealing trainees into groups that mix workplaces, moving them, and numbering posts."""

from collections import Counter

import pytest

from accounts.models import Role
from courses import services as course_services
from workshops import services
from workshops.models import GroupMember, Post
from workshops.services import WorkshopError

pytestmark = pytest.mark.django_db


def _place_at(person, organisation) -> None:
    person.memberships.filter(role=Role.TRAINEE).update(organisation=organisation)


def test_automatic_groups_mix_organisations(make_workshop, make_organisation, oita):
    setup = make_workshop(oita, trainees=6, group_size=3, assign=False)
    offices = [make_organisation(oita, municipality=f"市{n}") for n in range(3)]
    for index, person in enumerate(setup.trainees):
        _place_at(person, offices[index // 2])
    groups = services.groups_assign(workshop=setup.workshop, group_size=3)
    assert len(groups) == 2
    for group in groups:
        organisations = Counter(
            member.trainee.memberships.get(role=Role.TRAINEE).organisation_id
            for member in group.members.all()
        )
        assert max(organisations.values()) == 1
    sizes = [group.members.count() for group in groups]
    assert max(sizes) - min(sizes) <= 1 and sum(sizes) == 6


def test_group_sizes_stay_even_when_people_do_not_divide(make_workshop, oita):
    setup = make_workshop(oita, trainees=7, group_size=3, assign=False)
    groups = services.groups_assign(workshop=setup.workshop, group_size=3)
    assert sorted(group.members.count() for group in groups) == [2, 2, 3]


@pytest.mark.parametrize("size", [1, 13])
def test_a_group_size_out_of_range_is_refused(make_workshop, oita, size):
    setup = make_workshop(oita, assign=False)
    with pytest.raises(WorkshopError):
        services.groups_assign(workshop=setup.workshop, group_size=size)
    assert not setup.workshop.groups.exists()


def test_only_enrolled_trainees_can_be_placed(make_workshop, make_person, oita):
    setup = make_workshop(oita)
    outsider = make_person(oita, Role.TRAINEE)
    group = setup.workshop.groups.first()
    with pytest.raises(WorkshopError, match="この回の受講者が見つかりません") as refused:
        services.member_move(workshop=setup.workshop, trainee=outsider, group=group)
    # The one answer for everyone outside the cohort: it names nobody.
    assert outsider.get_full_name() not in refused.value.message
    assert not GroupMember.objects.filter(trainee=outsider).exists()


def test_withdrawn_trainees_are_not_dealt_into_groups(make_workshop, oita):
    from courses.models import Enrollment

    setup = make_workshop(oita, trainees=4, assign=False)
    leaver = setup.trainees[0]
    enrollment = Enrollment.objects.get(trainee=leaver)
    course_services.enrollment_set_status(enrollment=enrollment, status="withdrawn")
    services.groups_assign(workshop=setup.workshop, group_size=2)
    assert not GroupMember.objects.filter(trainee=leaver).exists()
    assert GroupMember.objects.filter(workshop=setup.workshop).count() == 3


def test_moving_keeps_one_place_per_workshop(make_workshop, oita):
    setup = make_workshop(oita, trainees=4, group_size=2)
    person = setup.trainee_in(1)
    second = setup.workshop.groups.get(number=2)
    services.member_move(workshop=setup.workshop, trainee=person, group=second)
    assert GroupMember.objects.get(workshop=setup.workshop, trainee=person).group == second


def test_regrouping_is_refused_once_there_are_posts(make_workshop, oita):
    setup = make_workshop(oita)
    services.post_create(
        workshop_id=setup.workshop.pk,
        author=setup.trainee_in(1),
        kind="notice",
        text="x",
        client_id="1",
    )
    with pytest.raises(WorkshopError, match="投稿があるため"):
        services.groups_assign(workshop=setup.workshop, group_size=2)
    assert Post.objects.count() == 1


def test_posts_are_numbered_per_group_without_gaps(make_workshop, oita):
    setup = make_workshop(oita, trainees=4, group_size=2)
    one, two = setup.trainee_in(1), setup.trainee_in(2)
    numbers = [
        services.post_create(
            workshop_id=setup.workshop.pk, author=author, kind="notice", text="t", client_id=str(n)
        )[0].seq
        for n, author in enumerate([one, two, one, one, two])
    ]
    assert numbers == [1, 1, 2, 3, 2]


def test_an_ended_workshop_takes_no_posts(make_workshop, oita):
    setup = make_workshop(oita)
    services.workshop_end(workshop=setup.workshop)
    setup.workshop.refresh_from_db()
    with pytest.raises(WorkshopError) as error:
        services.post_create(
            workshop_id=setup.workshop.pk,
            author=setup.trainee_in(1),
            kind="notice",
            text="t",
            client_id="z",
        )
    assert error.value.code == "closed"
    assert not Post.objects.exists()


def test_the_timer_counts_from_the_server_deadline(make_workshop, oita):
    setup = make_workshop(oita)
    workshop = services.timer_start(workshop=setup.workshop)
    assert workshop.timer_deadline is not None and workshop.status == "live"
    left = services.remaining_seconds(workshop)
    assert 595 <= left <= 600
    workshop = services.timer_pause(workshop=workshop)
    assert workshop.timer_deadline is None and 595 <= workshop.timer_remaining <= 600
    workshop = services.timer_extend(workshop=workshop, minutes=2)
    assert workshop.timer_remaining >= 715


def test_larger_cohorts_keep_colleagues_apart(make_workshop, make_organisation, oita):
    """13 people from 5 offices (at most 3 each) in groups of 4: 4 groups, no office twice."""
    setup = make_workshop(oita, trainees=13, group_size=4, assign=False)
    offices = [make_organisation(oita, municipality=f"町{n % 2}") for n in range(5)]
    for index, person in enumerate(setup.trainees):
        _place_at(person, offices[index % 5])
    groups = services.groups_assign(workshop=setup.workshop, group_size=4)
    assert len(groups) == 4
    sizes = []
    for group in groups:
        organisations = Counter(
            member.trainee.memberships.get(role=Role.TRAINEE).organisation_id
            for member in group.members.all()
        )
        assert max(organisations.values()) == 1
        sizes.append(group.members.count())
    assert max(sizes) - min(sizes) <= 1 and sum(sizes) == 13


def test_regrouping_replaces_the_old_groups(make_workshop, oita):
    setup = make_workshop(oita, trainees=6, group_size=2)
    assert setup.workshop.groups.count() == 3
    services.group_add(workshop=setup.workshop)
    groups = services.groups_assign(workshop=setup.workshop, group_size=3)
    assert [group.number for group in groups] == [1, 2]
    assert list(setup.workshop.groups.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert GroupMember.objects.filter(workshop=setup.workshop).count() == 6
    setup.workshop.refresh_from_db()
    assert setup.workshop.group_size == 3


def test_a_cohort_without_trainees_cannot_be_grouped(make_workshop, oita):
    setup = make_workshop(oita, trainees=0, assign=False)
    with pytest.raises(WorkshopError, match="受講者がいません"):
        services.groups_assign(workshop=setup.workshop, group_size=2)


def test_added_groups_take_the_next_number(make_workshop, oita):
    setup = make_workshop(oita, trainees=4, group_size=2)
    assert services.group_add(workshop=setup.workshop).number == 3
    assert services.group_add(workshop=setup.workshop).number == 4


def test_a_group_of_another_workshop_is_refused(make_workshop, oita):
    setup = make_workshop(oita)
    other = make_workshop(oita)
    person = setup.trainee_in(1)
    before = GroupMember.objects.get(trainee=person).group_id
    with pytest.raises(WorkshopError) as error:
        services.member_move(
            workshop=setup.workshop, trainee=person, group=other.workshop.groups.first()
        )
    assert error.value.code == "not_found"
    assert GroupMember.objects.get(trainee=person).group_id == before


def test_an_unplaced_trainee_is_placed_and_removed(make_workshop, oita):
    setup = make_workshop(oita, trainees=2, assign=False)
    group = services.group_add(workshop=setup.workshop)
    person = setup.trainees[0]
    services.member_move(workshop=setup.workshop, trainee=person, group=group)
    assert GroupMember.objects.get(trainee=person).group == group
    services.member_remove(workshop=setup.workshop, trainee=person)
    assert not GroupMember.objects.filter(trainee=person).exists()
    services.member_remove(workshop=setup.workshop, trainee=person)  # removing twice is harmless
