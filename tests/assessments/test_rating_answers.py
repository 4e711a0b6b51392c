"""A trainee's self-rating: each phase opens by the documented rule, is answered once, and whole."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import SelfRating, SelfRatingScore
from assessments.selectors import ratings as selectors
from assessments.services.ratings import RatingError, self_rating_answer
from courses import services as course_services
from tests.conftest import PASSWORD
from tests.course_fixtures import lessons_of

from .rating_survey_fixtures import AFTER_TRAINING, BEFORE_TRAINING, keys, make_rating_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_program, oita, enrolled_trainee):
    program = make_program(lessons=2)
    page = make_rating_page(program)
    trainee, enrollment = enrolled_trainee(program, oita)
    return page, trainee, enrollment


def _all(page, score="3") -> dict:
    return dict.fromkeys(keys(page), score)


def test_before_is_open_until_the_first_lesson_is_completed(setup):
    page, _trainee, enrollment = setup
    states = selectors.phase_states(enrollment, page, today=BEFORE_TRAINING)
    assert states["before"].status == selectors.OPEN
    assert states["after"].status == selectors.NOT_YET
    assert states["after"].opens_on == enrollment.cohort.ends_on
    course_services.lesson_complete(enrollment=enrollment, lesson=lessons_of(page.get_parent())[0])
    states = selectors.phase_states(enrollment, page, today=BEFORE_TRAINING)
    assert states["before"].status == selectors.CLOSED
    with pytest.raises(RatingError, match="受付は終わりました"):
        self_rating_answer(
            enrollment=enrollment,
            page=page,
            phase="before",
            scores=_all(page),
            today=BEFORE_TRAINING,
        )
    assert not SelfRating.objects.exists()


def test_after_opens_on_the_last_training_day_or_when_every_lesson_is_done(setup):
    page, _trainee, enrollment = setup
    with pytest.raises(RatingError, match="2026年12月18日から回答できます"):
        self_rating_answer(
            enrollment=enrollment,
            page=page,
            phase="after",
            scores=_all(page),
            today=BEFORE_TRAINING,
        )
    last_day = enrollment.cohort.ends_on
    assert selectors.phase_states(enrollment, page, today=last_day)["after"].is_open
    # Before the last day, completing every lesson opens it too.
    for lesson in lessons_of(page.get_parent()):
        course_services.lesson_complete(enrollment=enrollment, lesson=lesson)
    assert selectors.phase_states(enrollment, page, today=BEFORE_TRAINING)["after"].is_open


def test_each_phase_is_answered_once_and_both_make_the_page_done(setup):
    page, _trainee, enrollment = setup
    self_rating_answer(
        enrollment=enrollment,
        page=page,
        phase="before",
        scores=_all(page, "2"),
        today=BEFORE_TRAINING,
    )
    assert selectors.done_pages([enrollment.pk]) == {enrollment.pk: set()}
    with pytest.raises(RatingError, match="すでに回答しています"):
        self_rating_answer(
            enrollment=enrollment,
            page=page,
            phase="before",
            scores=_all(page, "5"),
            today=BEFORE_TRAINING,
        )
    self_rating_answer(
        enrollment=enrollment,
        page=page,
        phase="after",
        scores=_all(page, "4"),
        today=AFTER_TRAINING,
    )
    with pytest.raises(RatingError, match="すでに回答しています"):
        self_rating_answer(
            enrollment=enrollment, page=page, phase="after", scores=_all(page), today=AFTER_TRAINING
        )
    assert selectors.own_scores(enrollment, page) == {
        "before": dict.fromkeys(keys(page), 2),
        "after": dict.fromkeys(keys(page), 4),
    }
    assert selectors.done_pages([enrollment.pk]) == {enrollment.pk: {page.pk}}


def test_the_database_refuses_a_second_answer_in_one_phase(setup):
    page, _trainee, enrollment = setup
    self_rating_answer(
        enrollment=enrollment, page=page, phase="before", scores=_all(page), today=BEFORE_TRAINING
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfRating.objects.create(
            enrollment=enrollment, page=page, phase="before", answered_at="2026-11-01T00:00:00Z"
        )
    rating = SelfRating.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfRatingScore.objects.create(
            rating=rating, statement_key="x", statement="x", position=9, score=6
        )


@pytest.mark.parametrize(
    "bad", ["0", "6", "abc", "3.5", "", None, "-1", "１", "99999999999999999999"]
)
def test_a_score_outside_one_to_five_is_refused_and_nothing_is_kept(setup, bad):
    page, _trainee, enrollment = setup
    scores = _all(page)
    scores[keys(page)[1]] = bad
    with pytest.raises(RatingError, match="項目2"):
        self_rating_answer(
            enrollment=enrollment, page=page, phase="before", scores=scores, today=BEFORE_TRAINING
        )
    assert not SelfRating.objects.exists() and not SelfRatingScore.objects.exists()


def test_a_missing_statement_and_an_unknown_key_are_refused(setup):
    page, _trainee, enrollment = setup
    scores = _all(page)
    del scores[keys(page)[0]]
    with pytest.raises(RatingError, match="評価を選んでください"):
        self_rating_answer(
            enrollment=enrollment, page=page, phase="before", scores=scores, today=BEFORE_TRAINING
        )
    with pytest.raises(RatingError, match="項目が変わりました"):
        self_rating_answer(
            enrollment=enrollment,
            page=page,
            phase="before",
            scores={**_all(page), "not-a-statement": "3"},
            today=BEFORE_TRAINING,
        )
    with pytest.raises(RatingError, match="時期"):
        self_rating_answer(
            enrollment=enrollment,
            page=page,
            phase="during",
            scores=_all(page),
            today=BEFORE_TRAINING,
        )
    assert not SelfRating.objects.exists()


def _post(client, page, **data):
    return client.post(reverse("assessments:rating_answer", kwargs={"rating_id": page.pk}), data)


def test_the_page_shows_the_state_and_the_form_posts_an_answer(client, setup):
    page, trainee, enrollment = setup
    client.login(email=trainee.email, password=PASSWORD)
    response = client.get(page.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = response.content.decode()
    assert "未回答" in body and "まだ回答できません" in body and "2026年12月18日から" in body
    data = {f"score-{key}": "4" for key in keys(page)}
    response = _post(client, page, phase="before", **data)
    assert response.status_code == 302
    body = client.get(page.url).content.decode()
    assert "回答済み" in body and "研修前の自己評価を送信しました" in body
    assert "研修前の自己評価を送信する" not in body
    response = _post(client, page, phase="before", **data)
    assert response.status_code == 400
    assert "すでに回答しています" in response.content.decode()
    assert SelfRating.objects.filter(enrollment=enrollment).count() == 1


@pytest.mark.parametrize("bad", ["0", "6", "abc", "3.5"])
def test_a_bad_score_posted_redraws_the_form_with_a_japanese_message(client, setup, bad):
    page, trainee, _enrollment = setup
    client.login(email=trainee.email, password=PASSWORD)
    data = {f"score-{key}": "4" for key in keys(page)}
    data[f"score-{keys(page)[0]}"] = bad
    response = _post(client, page, phase="before", **data)
    assert response.status_code == 400
    assert "1から5の整数で選んでください" in response.content.decode()
    assert not SelfRating.objects.exists()


def test_people_without_an_enrollment_in_the_program_get_404(
    client, setup, make_person, kochi, oita
):
    page, _trainee, _enrollment = setup
    data = {f"score-{key}": "4" for key in keys(page)}
    for person in (make_person(oita), make_person(kochi)):
        client.force_login(person)
        assert client.get(page.url).status_code == 404
        assert _post(client, page, phase="before", **data).status_code == 404
    assert not SelfRating.objects.exists()


def test_pages_of_lists_the_live_pages_of_the_program(setup):
    page, _trainee, _enrollment = setup
    assert selectors.pages_of(page.get_parent().specific) == [page]


def test_done_pages_is_one_query(setup, django_assert_num_queries):
    _page, _trainee, enrollment = setup
    with django_assert_num_queries(1):
        selectors.done_pages([enrollment.pk, 10**6])


def test_editors_preview_the_statements_without_anyones_answers(setup):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    page, _trainee, _enrollment = setup
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = page.make_preview_request(request)
    body = (
        response.render().content.decode()
        if hasattr(response, "render")
        else response.content.decode()
    )
    assert response.status_code == 200
    assert "支援調整会議の役割を説明できる" in body and "研修前の自己評価を送信する" in body


def test_an_answer_refreshes_completion_in_the_same_transaction(setup, monkeypatch):
    from assessments.services import completion

    page, _trainee, enrollment = setup
    seen = []
    monkeypatch.setattr(
        completion,
        "completion_refresh",
        lambda *, enrollment: seen.append(
            (enrollment.pk, transaction.get_connection().in_atomic_block)
        ),
    )
    self_rating_answer(
        enrollment=enrollment, page=page, phase="before", scores=_all(page), today=BEFORE_TRAINING
    )
    assert seen == [(enrollment.pk, True)]
