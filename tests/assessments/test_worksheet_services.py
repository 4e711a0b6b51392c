"""The plan worksheet's writes: draft, submit and lock, review rounds, stale and refused reviews."""

import pytest

from assessments.models.worksheets import PLAN_FIELDS, PlanWorksheet, WorksheetRound
from assessments.selectors import worksheets as selectors
from assessments.services import worksheets as services
from assessments.services.worksheets import WorksheetError
from courses import services as course_services

from . import worksheet_setup
from .worksheet_setup import GOOD_PLAN, criterion_ids

pytestmark = pytest.mark.django_db
plan_world = worksheet_setup.plan_world


def _start(world):
    return services.worksheet_start(enrollment=world.enrollment, page=world.page)


def _submitted(world):
    worksheet = _start(world)
    round = services.worksheet_submit(worksheet=worksheet, values=GOOD_PLAN)
    return worksheet, round


def _all_scores(world, points=(4, 2)):
    return dict(zip(criterion_ids(world.page), (str(p) for p in points), strict=True))


def test_a_draft_is_kept_and_an_unchanged_save_writes_nothing(plan_world):
    worksheet = _start(plan_world)
    assert services.worksheet_save(worksheet=worksheet, values=GOOD_PLAN) is True
    worksheet.refresh_from_db()
    assert worksheet.issues == GOOD_PLAN["issues"]
    assert worksheet.services == ["housing", "household_budget"]
    assert worksheet.consent is True
    saved_at = worksheet.saved_at
    assert services.worksheet_save(worksheet=worksheet, values=GOOD_PLAN) is False
    worksheet.refresh_from_db()
    assert worksheet.saved_at == saved_at


@pytest.mark.parametrize("field", PLAN_FIELDS, ids=lambda f: f.name)
def test_a_field_over_its_limit_is_refused_and_nothing_is_kept(plan_world, field):
    worksheet = _start(plan_world)
    values = {**GOOD_PLAN, field.name: "あ" * (field.max_length + 1)}
    with pytest.raises(WorksheetError, match=f"{field.max_length}文字以内"):
        services.worksheet_save(worksheet=worksheet, values=values)
    worksheet.refresh_from_db()
    assert worksheet.issues == "" and worksheet.saved_at is None
    # Exactly at the limit is fine; a browser's \r\n counts as one character.
    at_limit = "あ" * (field.max_length - 2) + ("\r\nい" if field.multiline else "いう")
    services.worksheet_save(worksheet=worksheet, values={**GOOD_PLAN, field.name: at_limit})
    worksheet.refresh_from_db()
    assert len(getattr(worksheet, field.name)) == field.max_length


def test_a_tampered_service_or_consent_value_is_refused(plan_world):
    worksheet = _start(plan_world)
    with pytest.raises(WorksheetError, match="一覧にない事業"):
        services.worksheet_save(worksheet=worksheet, values={**GOOD_PLAN, "services": ["cash"]})
    with pytest.raises(WorksheetError, match="本人同意"):
        services.worksheet_save(worksheet=worksheet, values={**GOOD_PLAN, "consent": "yes"})
    with pytest.raises(WorksheetError, match="表示できない文字"):
        services.worksheet_save(worksheet=worksheet, values={**GOOD_PLAN, "issues": "a\x00b"})
    with pytest.raises(WorksheetError, match="プラン期間: 制御文字"):
        services.worksheet_save(worksheet=worksheet, values={**GOOD_PLAN, "plan_period": "a\nb"})
    worksheet.refresh_from_db()
    assert worksheet.saved_at is None


def test_submitting_needs_the_main_fields_and_keeps_a_round(plan_world):
    worksheet = _start(plan_world)
    with pytest.raises(WorksheetError, match="支援内容"):
        services.worksheet_submit(worksheet=worksheet, values={**GOOD_PLAN, "support": ""})
    assert not worksheet.rounds.exists()
    round = services.worksheet_submit(worksheet=worksheet, values=GOOD_PLAN)
    worksheet.refresh_from_db()
    assert worksheet.status == PlanWorksheet.Status.SUBMITTED and worksheet.locked
    assert round.number == 1 and round.content["issues"] == GOOD_PLAN["issues"]


def test_a_submitted_plan_is_locked_until_it_is_returned(plan_world):
    worksheet, _round = _submitted(plan_world)
    changed = {**GOOD_PLAN, "issues": "書き換え"}
    with pytest.raises(WorksheetError, match="提出済み"):
        services.worksheet_save(worksheet=worksheet, values=changed)
    with pytest.raises(WorksheetError, match="提出済み"):
        services.worksheet_submit(worksheet=worksheet, values=changed)
    assert worksheet.rounds.count() == 1
    worksheet.refresh_from_db()
    assert worksheet.issues == GOOD_PLAN["issues"]


def test_return_then_resubmit_then_accept_keeps_every_round(plan_world):
    worksheet, first = _submitted(plan_world)
    services.worksheet_review(
        round=first,
        reviewer=plan_world.facilitator,
        decision="returned",
        comments={"issues": "背景要因をもう少し具体的に。", "support": ""},
        scores={},
    )
    worksheet.refresh_from_db()
    assert worksheet.status == PlanWorksheet.Status.RETURNED and not worksheet.locked
    first.refresh_from_db()
    assert first.comments == {"issues": "背景要因をもう少し具体的に。"}
    services.worksheet_save(worksheet=worksheet, values={**GOOD_PLAN, "issues": "直した課題"})
    second = services.worksheet_submit(
        worksheet=worksheet, values={**GOOD_PLAN, "issues": "直した課題"}
    )
    assert second.number == 2
    services.worksheet_review(
        round=second,
        reviewer=plan_world.facilitator,
        decision="accepted",
        comments={"overall": "よくできています。"},
        scores=_all_scores(plan_world),
    )
    worksheet.refresh_from_db()
    assert worksheet.status == PlanWorksheet.Status.ACCEPTED and worksheet.accepted_at
    rounds = selectors.rounds_of(worksheet)
    assert [(r.number, r.decision) for r in rounds] == [(2, "accepted"), (1, "returned")]
    assert rounds[1].content["issues"] == GOOD_PLAN["issues"]
    assert rounds[0].content["issues"] == "直した課題"
    assert [s["points"] for s in rounds[0].scores] == [4, 2]
    assert rounds[0].total_points() == (6, 8)
    assert selectors.done_pages([plan_world.enrollment.pk, plan_world.other_enrollment.pk]) == {
        plan_world.enrollment.pk: {plan_world.page.pk},
        plan_world.other_enrollment.pk: set(),
    }


def test_done_pages_is_one_query(plan_world, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.done_pages([plan_world.enrollment.pk, plan_world.other_enrollment.pk])
    assert selectors.pages_of(plan_world.program) == [plan_world.page]


def test_returning_needs_a_comment_and_accepting_needs_every_score(plan_world):
    _worksheet, round = _submitted(plan_world)
    with pytest.raises(WorksheetError, match="コメント"):
        services.worksheet_review(
            round=round,
            reviewer=plan_world.facilitator,
            decision="returned",
            comments={},
            scores={},
        )
    with pytest.raises(WorksheetError, match="採点"):
        services.worksheet_review(
            round=round,
            reviewer=plan_world.facilitator,
            decision="accepted",
            comments={},
            scores={criterion_ids(plan_world.page)[0]: "3"},
        )
    first, second = criterion_ids(plan_world.page)
    for bad in ("6", "-1", "いち", "2.5", str(2**63 + 1)):
        with pytest.raises(WorksheetError, match="0から5の整数"):
            services.worksheet_review(
                round=round,
                reviewer=plan_world.facilitator,
                decision="accepted",
                comments={},
                scores={first: bad, second: "1"},
            )
    with pytest.raises(WorksheetError, match="観点が変わって"):
        services.worksheet_review(
            round=round,
            reviewer=plan_world.facilitator,
            decision="accepted",
            comments={},
            scores={"not-a-criterion": "1"},
        )
    with pytest.raises(WorksheetError, match="選んで"):
        services.worksheet_review(
            round=round, reviewer=plan_world.facilitator, decision="maybe", comments={}, scores={}
        )
    round.refresh_from_db()
    assert round.decided_at is None and round.decision == ""


@pytest.mark.parametrize("who", ["other_facilitator", "admin", "trainee"])
def test_only_the_cohorts_facilitator_may_review(plan_world, who):
    _worksheet, round = _submitted(plan_world)
    with pytest.raises(WorksheetError, match="この回のファシリテーターだけ") as caught:
        services.worksheet_review(
            round=round,
            reviewer=getattr(plan_world, who),
            decision="returned",
            comments={"issues": "x"},
            scores={},
        )
    assert caught.value.code == "forbidden"
    round.refresh_from_db()
    assert round.decided_at is None


def test_a_second_decision_on_the_same_round_is_refused_as_stale(plan_world, make_person):
    from accounts.models import Role

    second = make_person(plan_world.prefecture, Role.FACILITATOR)
    plan_world.cohort.facilitators.add(second)
    _worksheet, round = _submitted(plan_world)
    stale_copy = WorksheetRound.objects.get(pk=round.pk)
    services.worksheet_review(
        round=round,
        reviewer=plan_world.facilitator,
        decision="accepted",
        comments={},
        scores=_all_scores(plan_world),
    )
    with pytest.raises(WorksheetError, match="すでに確認された") as caught:
        services.worksheet_review(
            round=stale_copy,
            reviewer=second,
            decision="returned",
            comments={"issues": "x"},
            scores={},
        )
    assert caught.value.code == "stale"
    round.refresh_from_db()
    assert round.reviewer == plan_world.facilitator and round.decision == "accepted"


def test_the_queue_is_the_facilitators_cohorts_oldest_first_with_the_wait(plan_world):
    from datetime import timedelta

    from django.utils import timezone

    _worksheet, first = _submitted(plan_world)
    other = services.worksheet_start(enrollment=plan_world.other_enrollment, page=plan_world.page)
    later = services.worksheet_submit(worksheet=other, values=GOOD_PLAN)
    WorksheetRound.objects.filter(pk=first.pk).update(
        submitted_at=timezone.now() - timedelta(hours=3, minutes=5)
    )
    queue = selectors.review_queue(plan_world.facilitator)
    assert [item.pk for item in queue] == [first.pk, later.pk]
    assert queue[0].waited == {"unit": "hours", "count": 3}
    assert selectors.review_queue_count(plan_world.facilitator) == 2
    assert selectors.review_queue(plan_world.other_facilitator) == []
    assert selectors.review_queue_count(plan_world.other_facilitator) == 0
    assert selectors.review_queue_count(plan_world.trainee) is None
    course_services.enrollment_set_status(
        enrollment=plan_world.other_enrollment, status="withdrawn"
    )
    assert [item.pk for item in selectors.review_queue(plan_world.facilitator)] == [first.pk]


def test_accepting_the_last_step_completes_the_enrollment_in_the_same_transaction(plan_world):
    from assessments.models.completion import CompletionRule
    from courses import services as course_services
    from courses.models import Enrollment, LessonPage

    CompletionRule.objects.create(program=plan_world.program, worksheets_required=True)
    lesson = LessonPage.objects.child_of(plan_world.program).live().get()
    course_services.lesson_complete(enrollment=plan_world.enrollment, lesson=lesson)
    plan_world.enrollment.refresh_from_db()
    assert plan_world.enrollment.status == Enrollment.Status.ENROLLED
    _worksheet, round = _submitted(plan_world)
    services.worksheet_review(
        round=round,
        reviewer=plan_world.facilitator,
        decision="accepted",
        comments={},
        scores=_all_scores(plan_world),
    )
    plan_world.enrollment.refresh_from_db()
    assert plan_world.enrollment.status == Enrollment.Status.COMPLETED
    assert plan_world.enrollment.completed_at is not None


def test_a_comment_over_its_limit_or_on_no_field_is_refused(plan_world):
    _worksheet, round = _submitted(plan_world)
    for comments, message in (
        ({"issues": "あ" * 1001}, "「課題と背景要因」へのコメント は1000文字以内"),
        ({"overall": "あ" * 1001}, "全体へのコメント は1000文字以内"),
        ({"password": "x"}, "コメントの項目が正しくありません"),
    ):
        with pytest.raises(WorksheetError, match=message):
            services.worksheet_review(
                round=round,
                reviewer=plan_world.facilitator,
                decision="returned",
                comments=comments,
                scores={},
            )
    round.refresh_from_db()
    assert round.decided_at is None
