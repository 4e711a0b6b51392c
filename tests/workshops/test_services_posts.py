"""The flood rule of posting: counted in the database, so it holds across server processes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses import services as course_services
from workshops import services
from workshops.models import Post, WorkshopGroup
from workshops.services import FLOOD_POSTS, FLOOD_SECONDS, WorkshopError

pytestmark = pytest.mark.django_db


def _post(setup, author, client_id: str):
    return services.post_create(
        workshop_id=setup.workshop.pk,
        author=author,
        kind="notice",
        text="気づき",
        client_id=client_id,
    )


def test_the_eleventh_post_in_ten_seconds_is_refused_and_not_numbered(make_workshop, oita):
    setup = make_workshop(oita)
    author = setup.trainees[0]
    for number in range(FLOOD_POSTS):
        _post(setup, author, f"c-{number}")
    with pytest.raises(WorkshopError) as refused:
        _post(setup, author, "c-extra")
    assert refused.value.code == "flood"
    assert "10秒あたり10件まで" in refused.value.message
    assert Post.objects.filter(author=author).count() == FLOOD_POSTS
    group = WorkshopGroup.objects.get(members__trainee=author)
    # The refused post's number was rolled back: the next post continues without a gap.
    assert group.last_seq == FLOOD_POSTS


def test_posts_older_than_the_window_no_longer_count(make_workshop, oita):
    setup = make_workshop(oita)
    author = setup.trainees[0]
    for number in range(FLOOD_POSTS):
        _post(setup, author, f"c-{number}")
    Post.objects.filter(author=author).update(
        created_at=timezone.now() - timedelta(seconds=FLOOD_SECONDS + 1)
    )
    post, created = _post(setup, author, "c-later")
    assert created and post.seq == FLOOD_POSTS + 1


def test_one_persons_flood_does_not_hold_back_the_rest_of_the_group(make_workshop, oita):
    setup = make_workshop(oita)
    author = setup.trainees[0]
    for number in range(FLOOD_POSTS):
        _post(setup, author, f"c-{number}")
    partner = next(
        member.trainee
        for member in WorkshopGroup.objects.get(members__trainee=author).members.all()
        if member.trainee != author
    )
    assert _post(setup, partner, "p-1")[1] is True


def test_a_resend_during_a_flood_returns_the_stored_post(make_workshop, oita):
    setup = make_workshop(oita)
    author = setup.trainees[0]
    first, _created = _post(setup, author, "c-0")
    for number in range(1, FLOOD_POSTS):
        _post(setup, author, f"c-{number}")
    again, created = _post(setup, author, "c-0")
    assert (again.pk, created) == (first.pk, False)


def test_posts_in_another_workshop_do_not_count(make_workshop, oita):
    setup = make_workshop(oita)
    author = setup.trainees[0]
    for number in range(FLOOD_POSTS):
        _post(setup, author, f"c-{number}")
    other = make_workshop(oita)
    course_services.enrollment_create(trainee=author, cohort=other.workshop.cohort)
    services.member_move(
        workshop=other.workshop, trainee=author, group=other.workshop.groups.first()
    )
    post, created = _post(other, author, "o-1")
    assert created and post.group.workshop_id == other.workshop.pk
