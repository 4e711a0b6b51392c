"""A trainee's survey answer: once per enrollment, whole, and apart from their name when anonymous."""

import pytest
from django.urls import reverse

from accounts.models import Role
from assessments.models import SurveyAnswer, SurveyResponse, SurveySubmission
from assessments.selectors import surveys as selectors
from assessments.services.surveys import SurveyError, survey_answer
from tests.conftest import PASSWORD

from .rating_survey_fixtures import AFTER_TRAINING, BEFORE_TRAINING, keys, make_survey_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_program, oita, enrolled_trainee):
    program = make_program(lessons=1)
    page = make_survey_page(program)
    trainee, enrollment = enrolled_trainee(program, oita)
    return page, trainee, enrollment


def _answers(page, score="4", text="講師の話がわかりやすかった") -> dict:
    first, second, third = keys(page)
    return {first: score, second: "5", third: text}


def test_an_anonymous_answer_is_kept_without_the_respondent(setup):
    page, _trainee, enrollment = setup
    submission = survey_answer(
        enrollment=enrollment, page=page, answers=_answers(page), today=AFTER_TRAINING
    )
    assert submission.enrollment is None and submission.cohort_id == enrollment.cohort_id
    assert SurveyResponse.objects.get().enrollment == enrollment
    # The day only, on both rows: no time to line them up with.
    assert str(submission.answered_on) == "2026-12-19"
    assert {f.name for f in SurveySubmission._meta.fields} == {
        "id",
        "page",
        "cohort",
        "enrollment",
        "answered_on",
    }
    assert sorted(str(a.rating or a.text) for a in SurveyAnswer.objects.all()) == sorted(
        ["4", "5", "講師の話がわかりやすかった"]
    )
    assert selectors.done_pages([enrollment.pk]) == {enrollment.pk: {page.pk}}
    assert selectors.survey_state(enrollment, page).status == selectors.ANSWERED


def test_a_named_survey_keeps_the_respondent(make_program, oita, enrolled_trainee):
    program = make_program(lessons=1)
    page = make_survey_page(program, anonymous=False)
    _trainee, enrollment = enrolled_trainee(program, oita)
    submission = survey_answer(
        enrollment=enrollment, page=page, answers=_answers(page), today=AFTER_TRAINING
    )
    assert submission.enrollment == enrollment


def test_a_survey_answered_twice_is_refused_and_nothing_more_is_kept(setup):
    page, _trainee, enrollment = setup
    survey_answer(enrollment=enrollment, page=page, answers=_answers(page), today=AFTER_TRAINING)
    with pytest.raises(SurveyError, match="すでに回答しています"):
        survey_answer(
            enrollment=enrollment, page=page, answers=_answers(page, "1"), today=AFTER_TRAINING
        )
    assert SurveySubmission.objects.count() == 1 and SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.count() == 3


def test_the_survey_opens_with_the_after_rating(setup):
    page, _trainee, enrollment = setup
    state = selectors.survey_state(enrollment, page, today=BEFORE_TRAINING)
    assert state.status == selectors.NOT_YET and state.opens_on == enrollment.cohort.ends_on
    with pytest.raises(SurveyError, match="2026年12月18日から回答できます"):
        survey_answer(
            enrollment=enrollment, page=page, answers=_answers(page), today=BEFORE_TRAINING
        )
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("bad", ["0", "6", "abc", "3.5", "", None])
def test_a_rating_outside_one_to_five_or_missing_is_refused_whole(setup, bad):
    page, _trainee, enrollment = setup
    with pytest.raises(SurveyError, match="質問1"):
        survey_answer(
            enrollment=enrollment, page=page, answers=_answers(page, bad), today=AFTER_TRAINING
        )
    assert not SurveyResponse.objects.exists() and not SurveySubmission.objects.exists()
    assert not SurveyAnswer.objects.exists()


def test_unknown_questions_long_and_unprintable_texts_are_refused(setup):
    page, _trainee, enrollment = setup
    cases = [
        ({**_answers(page), "someone-elses-question": "3"}, "質問が変わりました"),
        (_answers(page, text="あ" * 2001), "2000文字以内"),
        (_answers(page, text="見えない\u202e文字"), "制御文字"),
    ]
    for answers, message in cases:
        with pytest.raises(SurveyError, match=message):
            survey_answer(enrollment=enrollment, page=page, answers=answers, today=AFTER_TRAINING)
    assert not SurveyResponse.objects.exists() and not SurveyAnswer.objects.exists()


def _post(client, page, data):
    return client.post(reverse("assessments:survey_answer", kwargs={"survey_id": page.pk}), data)


def test_the_page_posts_an_answer_and_refuses_a_second(client, setup, settings):
    page, trainee, enrollment = setup
    enrollment.cohort.ends_on = enrollment.cohort.starts_on
    enrollment.cohort.save()
    client.login(email=trainee.email, password=PASSWORD)
    body = client.get(page.url).content.decode()
    assert "未回答" in body and "このアンケートは匿名です" in body
    data = {f"answer-{key}": value for key, value in _answers(page).items()}
    assert _post(client, page, data).status_code == 302
    body = client.get(page.url).content.decode()
    assert "回答済み" in body and "アンケートを送信する" not in body
    response = _post(client, page, data)
    assert response.status_code == 400 and "すでに回答しています" in response.content.decode()
    assert SurveySubmission.objects.count() == 1


def test_a_post_to_another_cohorts_or_prefectures_survey_is_404(
    client, setup, make_program, enrolled_trainee, oita, kochi, make_person
):
    page, _trainee, _enrollment = setup
    other_program = make_program(lessons=1)
    other_page = make_survey_page(other_program)
    outsider, _other = enrolled_trainee(other_program, oita)
    kochi_trainee = make_person(kochi, Role.TRAINEE)
    data = {f"answer-{key}": value for key, value in _answers(page).items()}
    for person in (outsider, kochi_trainee):
        client.force_login(person)
        assert _post(client, page, data).status_code == 404
        assert client.get(page.url).status_code == 404
    client.force_login(kochi_trainee)
    assert _post(client, other_page, data).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_editors_preview_the_questions(setup):
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
    assert "評価の質問1" in body and "アンケートを送信する" in body


def test_an_answer_refreshes_completion(setup, monkeypatch):
    from assessments.services import completion

    page, _trainee, enrollment = setup
    seen = []
    monkeypatch.setattr(
        completion, "completion_refresh", lambda *, enrollment: seen.append(enrollment.pk)
    )
    survey_answer(enrollment=enrollment, page=page, answers=_answers(page), today=AFTER_TRAINING)
    assert seen == [enrollment.pk]
