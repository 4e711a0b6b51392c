"""The demo's plan worksheet: on a demo case under 前期共通プログラム, one plan waiting, idempotent."""

from django.core.management import call_command

from accounts.models import User
from assessments.demo import worksheets as demo
from assessments.models.worksheets import PlanWorksheet, PlanWorksheetPage, WorksheetRound
from assessments.selectors.worksheets import review_queue


def test_the_demo_has_the_worksheet_and_one_plan_in_the_facilitators_queue(db):
    call_command("seed_demo", "--password", "demo-pass-123")
    page = PlanWorksheetPage.objects.get(slug=demo.PAGE_SLUG)
    assert page.live and page.get_parent().slug == "zenki-kyotsu"
    assert page.case_study.slug == demo.CASE_SLUG
    assert [c["max_points"] for c in page.criteria()] == [5, 5, 5]
    queue = review_queue(User.objects.get(email="facilitator.oita@example.jp"))
    assert [item.worksheet.enrollment.trainee.email for item in queue] == [demo.WAITING_TRAINEE]
    assert not PlanWorksheet.objects.filter(enrollment__trainee__email="trainee.oita@example.jp")
    assert review_queue(User.objects.get(email="facilitator.kochi@example.jp")) == []

    demo.seed()
    assert PlanWorksheetPage.objects.count() == 1 and WorksheetRound.objects.count() == 1
