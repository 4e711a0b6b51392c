"""The worksheet page in the CMS: edited with a case chooser and a rubric, previewed, and a deleted case."""

import pytest
from django.urls import reverse

from assessments.services import worksheets as services

from . import worksheet_setup
from .worksheet_setup import GOOD_PLAN, add_worksheet_page

pytestmark = pytest.mark.django_db
plan_world = worksheet_setup.plan_world


def test_an_editor_edits_the_page_with_its_case_and_rubric(admin_client, plan_world):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[plan_world.page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="case_study"' in html and "rubric" in html and "評価の観点" in html
    add = reverse(
        "wagtailadmin_pages:add",
        args=["assessments", "planworksheetpage", plan_world.program.pk],
    )
    assert admin_client.get(add).status_code == 200


def test_the_preview_shows_the_page_as_outsiders_see_it(rf, plan_world):
    response = plan_world.page.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert "課題の整理" in html and "（5点）" in html and 'name="issues"' not in html


def test_a_deleted_case_leaves_the_page_and_the_rounds_title(
    client, plan_world, imported_case, reviewer
):
    from casestudies.models import CaseStudyPage

    page = add_worksheet_page(plan_world.program, case=imported_case, slug="plan-on-case")
    client.force_login(plan_world.trainee)
    html = client.get(page.url).content.decode()
    assert "この演習の事例は、いまは公開されていません。" in html  # not reviewed and published yet
    CaseStudyPage.objects.filter(pk=imported_case.pk).update(live=True)
    imported_case = CaseStudyPage.objects.get(pk=imported_case.pk)
    html = client.get(page.url).content.decode()
    assert imported_case.title in html
    worksheet = services.worksheet_start(enrollment=plan_world.enrollment, page=page)
    round = services.worksheet_submit(worksheet=worksheet, values=GOOD_PLAN)
    assert round.case_title == imported_case.title
    # Unpublished first: deleting a live page re-indexes it after its row is gone (base/signals.py).
    imported_case.unpublish()
    CaseStudyPage.objects.get(pk=imported_case.pk).delete()
    page.refresh_from_db()
    assert page.case_study is None
    html = client.get(page.url).content.decode()
    assert "この演習の事例は、いまは公開されていません。" in html
    assert f"事例: {imported_case.title}" in html  # the history keeps the title it was written on
