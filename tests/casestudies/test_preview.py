"""Editors' previews of case-study pages render, drafts and related lessons included."""

from casestudies.models import CaseStudyPage


def test_a_draft_case_previews_with_its_related_lessons(imported_case, make_program):
    from tests.course_fixtures import lessons_of

    lesson = lessons_of(make_program())[0]
    draft = CaseStudyPage.objects.get(pk=imported_case.pk).get_latest_revision_as_object()
    draft.related_lessons = [lesson]
    draft.save_revision()
    preview = CaseStudyPage.objects.get(pk=imported_case.pk).get_latest_revision_as_object()
    response = preview.make_preview_request()
    assert response.status_code == 200
    body = response.content.decode()
    assert "関連する講義" in body and lesson.title in body
