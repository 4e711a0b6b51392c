"""The original and its alias table: refused to trainees and to editors without the permission, logged."""

from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import Role, User
from casestudies.models import OriginalAccessLog


def test_a_reviewer_sees_the_original_highlighted_and_the_view_is_logged(
    client, imported_case, reviewer
):
    client.force_login(reviewer)
    url = reverse("casestudies_admin:review", kwargs={"page_id": imported_case.pk})
    html = client.get(url).content.decode()
    assert "<mark" in html and "森川由紀子" in html
    assert "未確認の指摘" in html
    log = OriginalAccessLog.objects.get()
    assert (log.user, log.source, log.action) == (reviewer, imported_case.source, "review")


def test_an_editor_without_the_permission_is_refused(client, imported_case):
    editor = User.objects.create_user(email="plain.editor@example.jp", password="x" * 12)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(reverse("casestudies_admin:review", kwargs={"page_id": imported_case.pk}))
    assert response.status_code in (302, 403)
    assert "森川由紀子" not in response.content.decode()
    assert not OriginalAccessLog.objects.exists()


def test_a_trainee_is_refused(client, oita, make_person, imported_case):
    client.force_login(make_person(oita, Role.TRAINEE))
    for name, kwargs in (("review", {"page_id": imported_case.pk}), ("list", {}), ("import", {})):
        response = client.get(reverse(f"casestudies_admin:{name}", kwargs=kwargs))
        assert response.status_code in (302, 403)
        assert "森川由紀子" not in response.content.decode()
    assert not OriginalAccessLog.objects.exists()


def test_the_public_page_never_shows_the_original(client, imported_case, reviewer):
    from casestudies import services
    from casestudies.models import Finding

    for finding in imported_case.source.findings.filter(status=Finding.Status.OPEN):
        services.finding_accept(finding=finding, user=reviewer)
    imported_case.get_latest_revision().publish()
    html = client.get(imported_case.url).content.decode()
    assert "相談支援員" in html
    for surface in ("森川由紀子", "舞鶴市", "こもれび", "0123-45-6789"):
        assert surface not in html


def test_the_editor_gets_a_japanese_message_when_publishing_too_early(
    client, imported_case, reviewer
):
    client.force_login(reviewer)
    draft = imported_case.get_latest_revision_as_object()
    data = {
        "title": draft.title,
        "slug": draft.slug,
        "summary": draft.summary,
        "background": draft.background,
        "before": draft.before,
        "actions": draft.actions,
        "changes": draft.changes,
        "challenges": draft.challenges,
        "questions": draft.questions,
        "action-publish": "action-publish",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("wagtailadmin_pages:edit", args=[imported_case.pk]), data)
    html = response.content.decode()
    assert "公開できません" in html and "未確認の指摘" in html
    assert not type(imported_case).objects.get(pk=imported_case.pk).live
