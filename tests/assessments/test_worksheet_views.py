"""The plan worksheet through its pages: who may open what, the form without JavaScript, the review."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from assessments.models.worksheets import PlanWorksheet, WorksheetRound
from assessments.services import worksheets as services
from courses import services as course_services

from . import worksheet_setup
from .worksheet_setup import GOOD_PLAN, criterion_ids

pytestmark = pytest.mark.django_db
plan_world = worksheet_setup.plan_world


def _form(values: dict, action: str = "save") -> dict:
    data = {key: value for key, value in values.items() if key not in ("services", "consent")}
    data["services"] = values.get("services", [])
    if values.get("consent"):
        data["consent"] = "on"
    data["action"] = action
    return data


def _open(client, world, user=None):
    client.force_login(user or world.trainee)
    response = client.get(world.page.url)
    return response, PlanWorksheet.objects.filter(enrollment__trainee=user or world.trainee).first()


def _submitted(world):
    worksheet = services.worksheet_start(enrollment=world.enrollment, page=world.page)
    return worksheet, services.worksheet_submit(worksheet=worksheet, values=GOOD_PLAN)


def _url(name: str, worksheet) -> str:
    return reverse(f"assessments:{name}", kwargs={"worksheet_id": worksheet.pk})


def test_the_trainee_gets_the_form_never_cached_and_a_saved_draft_is_there_on_reload(
    client, plan_world
):
    response, worksheet = _open(client, plan_world)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = response.content.decode()
    assert 'name="issues"' in html and 'maxlength="2000"' in html
    assert "0 / 2000文字" in html and "住居確保給付金" in html and "就労支援" in html
    answer = client.post(_url("worksheet_autosave", worksheet), _form(GOOD_PLAN))
    assert answer.status_code == 200 and answer.json()["saved_at"]
    # A new visit (a closed tab reopened) shows what autosave kept.
    client.logout()
    client.force_login(plan_world.trainee)
    html = client.get(plan_world.page.url).content.decode()
    assert GOOD_PLAN["issues"] in html
    assert 'value="housing" checked' in html


def test_the_form_saves_and_submits_without_javascript_and_then_it_is_locked(client, plan_world):
    _response, worksheet = _open(client, plan_world)
    response = client.post(_url("worksheet_save", worksheet), _form(GOOD_PLAN), follow=True)
    assert "下書きを保存しました。" in response.content.decode()
    response = client.post(_url("worksheet_save", worksheet), _form(GOOD_PLAN), follow=True)
    assert "変更はありませんでした。" in response.content.decode()
    response = client.post(
        _url("worksheet_save", worksheet), _form(GOOD_PLAN, "submit"), follow=True
    )
    html = response.content.decode()
    assert "プランを提出しました。" in html and "提出済みです" in html
    assert 'name="issues"' not in html
    # Resubmitting, or saving, while it waits for review is refused and keeps nothing.
    changed = {**GOOD_PLAN, "issues": "書き換え"}
    for action in ("submit", "save"):
        response = client.post(_url("worksheet_save", worksheet), _form(changed, action))
        assert response.status_code == 400
        assert "提出済みのため編集できません" in response.content.decode()
    answer = client.post(_url("worksheet_autosave", worksheet), _form(changed))
    assert answer.status_code == 409 and "提出済み" in answer.json()["error"]
    worksheet.refresh_from_db()
    assert worksheet.issues == GOOD_PLAN["issues"] and worksheet.rounds.count() == 1


def test_a_field_over_its_limit_is_refused_with_the_text_kept_on_screen(client, plan_world):
    _response, worksheet = _open(client, plan_world)
    long = "あ" * 2001
    response = client.post(_url("worksheet_save", worksheet), _form({**GOOD_PLAN, "issues": long}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "課題と背景要因 は2000文字以内で書いてください（いま2001文字）。" in html
    assert GOOD_PLAN["support"] in html  # the other fields are redrawn as sent
    answer = client.post(
        _url("worksheet_autosave", worksheet), _form({**GOOD_PLAN, "issues": long})
    )
    assert answer.status_code == 400 and "2000文字以内" in answer.json()["error"]
    worksheet.refresh_from_db()
    assert worksheet.saved_at is None and worksheet.support == ""


def test_a_tampered_checkbox_value_is_refused(client, plan_world):
    _response, worksheet = _open(client, plan_world)
    for tampered in (
        {**_form(GOOD_PLAN), "services": ["housing", "cash"]},
        {**_form(GOOD_PLAN), "consent": "yes"},
    ):
        response = client.post(_url("worksheet_save", worksheet), tampered)
        assert response.status_code == 400
        assert "正しい値ではありません" in response.content.decode() or "一覧にない事業" in (
            response.content.decode()
        )
    worksheet.refresh_from_db()
    assert worksheet.saved_at is None


def test_a_post_for_another_trainees_worksheet_is_404(client, plan_world):
    other = services.worksheet_start(enrollment=plan_world.other_enrollment, page=plan_world.page)
    client.force_login(plan_world.trainee)
    for name in ("worksheet_save", "worksheet_autosave"):
        assert client.post(_url(name, other), _form(GOOD_PLAN)).status_code == 404
    # Staff of the cohort cannot write a trainee's plan either.
    for person in (plan_world.facilitator, plan_world.admin):
        client.force_login(person)
        assert client.post(_url("worksheet_save", other), _form(GOOD_PLAN)).status_code == 404
    other.refresh_from_db()
    assert other.saved_at is None


def test_who_may_read_a_plan(client, plan_world, kochi, make_person):
    worksheet, _round = _submitted(plan_world)
    url = _url("worksheet_detail", worksheet)
    allowed = {
        plan_world.trainee: False,
        plan_world.facilitator: True,
        plan_world.admin: False,
    }
    for person, reviews in allowed.items():
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200, person
        html = response.content.decode()
        assert GOOD_PLAN["issues"] in html
        assert ("承認する" in html) is reviews
    refused = [
        plan_world.other_trainee,
        plan_world.other_facilitator,
        make_person(kochi, Role.PREFECTURE_ADMIN),
        make_person(kochi, Role.FACILITATOR),
    ]
    for person in refused:
        client.force_login(person)
        assert client.get(url).status_code == 404, person
    client.logout()
    assert client.get(url).status_code == 302


def test_an_administrator_may_read_but_not_review(client, plan_world):
    worksheet, round = _submitted(plan_world)
    client.force_login(plan_world.admin)
    data = {"round": round.pk, "decision": "returned", "comment-issues": "直してください"}
    response = client.post(_url("worksheet_review", worksheet), data)
    assert response.status_code == 403
    assert "この回のファシリテーターだけ" in response.content.decode()
    client.force_login(plan_world.other_facilitator)
    assert client.post(_url("worksheet_review", worksheet), data).status_code == 404
    round.refresh_from_db()
    assert round.decided_at is None


def test_return_comment_beside_the_text_resubmit_and_accept(client, plan_world):
    worksheet, round = _submitted(plan_world)
    client.force_login(plan_world.facilitator)
    response = client.post(
        _url("worksheet_review", worksheet),
        {
            "round": round.pk,
            "decision": "returned",
            "comment-long_term_goal": "本人の言葉で書きましょう。",
            "comment-overall": "全体によく書けています。",
        },
        follow=True,
    )
    assert "プランを差し戻しました。" in response.content.decode()
    # The same form sent again, as by a second facilitator who opened it earlier: stale.
    stale = client.post(
        _url("worksheet_review", worksheet),
        {"round": round.pk, "decision": "accepted", **_scores(plan_world)},
    )
    assert stale.status_code == 409 and "すでに確認されたか" in stale.content.decode()

    client.force_login(plan_world.trainee)
    html = client.get(plan_world.page.url).content.decode()
    assert 'id="comment-long_term_goal"' in html and "本人の言葉で書きましょう。" in html
    assert 'aria-describedby="count-long_term_goal comment-long_term_goal"' in html
    assert "全体によく書けています。" in html and "差し戻されました" in html
    revised = {**GOOD_PLAN, "long_term_goal": "「また働きたい」"}
    client.post(_url("worksheet_save", worksheet), _form(revised, "submit"))

    client.force_login(plan_world.facilitator)
    second = worksheet.rounds.get(number=2)
    response = client.post(
        _url("worksheet_review", worksheet),
        {"round": second.pk, "decision": "accepted", **_scores(plan_world)},
        follow=True,
    )
    assert "プランを承認しました。" in response.content.decode()
    worksheet.refresh_from_db()
    assert worksheet.status == PlanWorksheet.Status.ACCEPTED
    html = client.get(_url("worksheet_detail", worksheet)).content.decode()
    assert "1回目の提出" in html and "2回目の提出" in html and "本人の言葉で書きましょう。" in html
    client.force_login(plan_world.trainee)
    assert "このプランは承認されました。" in client.get(plan_world.page.url).content.decode()


def _scores(world) -> dict:
    return {f"score-{cid}": "2" for cid in criterion_ids(world.page)}


def test_the_queue_shows_the_wait_oldest_first_and_is_for_facilitators(client, plan_world):
    _worksheet, round = _submitted(plan_world)
    WorksheetRound.objects.filter(pk=round.pk).update(
        submitted_at=timezone.now() - timedelta(hours=3, minutes=1)
    )
    other = services.worksheet_start(enrollment=plan_world.other_enrollment, page=plan_world.page)
    services.worksheet_submit(worksheet=other, values=GOOD_PLAN)
    client.force_login(plan_world.facilitator)
    html = client.get(reverse("assessments:worksheet_queue")).content.decode()
    assert "3時間待ち" in html and "たった今" in html
    assert html.index(plan_world.trainee.full_name) < html.index(plan_world.other_trainee.full_name)
    mypage = client.get(reverse("accounts:mypage")).content.decode()
    assert "確認待ちのプランが2件あります。" in mypage
    client.force_login(plan_world.other_facilitator)
    html = client.get(reverse("assessments:worksheet_queue")).content.decode()
    assert plan_world.trainee.full_name not in html and "確認待ちのプランはありません。" in html
    for person in (plan_world.trainee, plan_world.admin):
        client.force_login(person)
        assert client.get(reverse("assessments:worksheet_queue")).status_code == 404
        assert "確認待ちのプラン" not in client.get(reverse("accounts:mypage")).content.decode()


def test_people_outside_the_program_get_no_form(client, plan_world, make_person):
    response = client.get(plan_world.page.url)
    assert response.status_code == 403 and "ログイン" in response.content.decode()
    outsider = make_person(plan_world.prefecture, Role.TRAINEE)
    client.force_login(outsider)
    response = client.get(plan_world.page.url)
    assert response.status_code == 403 and 'name="issues"' not in response.content.decode()
    assert not PlanWorksheet.objects.filter(enrollment__trainee=outsider).exists()
    client.force_login(plan_world.facilitator)
    response = client.get(plan_world.page.url)
    assert response.status_code == 200 and "確認待ちのプランを見る" in response.content.decode()


def test_an_invited_trainee_does_not_start_a_worksheet(
    client, plan_world, make_person, make_cohort
):
    from courses.models import Enrollment

    invited = make_person(plan_world.prefecture, Role.TRAINEE)
    course_services.enrollment_create(
        trainee=invited, cohort=plan_world.cohort, status=Enrollment.Status.INVITED
    )
    client.force_login(invited)
    assert client.get(plan_world.page.url).status_code == 403
    assert not PlanWorksheet.objects.filter(enrollment__trainee=invited).exists()


def test_staff_find_their_cohorts_plans_on_the_worksheet_page(client, plan_world, make_person):
    worksheet, _round = _submitted(plan_world)
    services.worksheet_start(enrollment=plan_world.other_enrollment, page=plan_world.page)
    for person, queue_link in ((plan_world.facilitator, True), (plan_world.admin, False)):
        client.force_login(person)
        response = client.get(plan_world.page.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert _url("worksheet_detail", worksheet) in html
        assert plan_world.other_trainee.full_name in html  # a draft is listed, not linked
        assert ("確認待ちのプランを見る" in html) is queue_link
        detail = client.get(_url("worksheet_detail", worksheet)).content.decode()
        assert (reverse("assessments:worksheet_queue") in detail) is queue_link
    client.force_login(plan_world.other_facilitator)
    html = client.get(plan_world.page.url).content.decode()
    assert plan_world.trainee.full_name not in html
