"""Published case studies: the index filters by theme, and cases appear in site search."""

from casestudies import services
from casestudies.models import CaseStudyPage, Finding, Theme


def _publish_with_themes(page: CaseStudyPage, user, *names: str) -> CaseStudyPage:
    for finding in page.source.findings.filter(status=Finding.Status.OPEN):
        services.finding_accept(finding=finding, user=user)
    draft = page.get_latest_revision_as_object()
    draft.themes.set([Theme.objects.get_or_create(name=n, slug=n)[0] for n in names])
    draft.save_revision(user=user).publish()
    return CaseStudyPage.objects.get(pk=page.pk)


def test_index_filters_by_theme(client, case_index, reviewer):
    first = services.case_import(
        index=case_index, title="一つ目", text="概要\n居住支援の話。", user=reviewer
    )
    second = services.case_import(
        index=case_index, title="二つ目", text="概要\n人材育成の話。", user=reviewer
    )
    first = _publish_with_themes(first, reviewer, "居住支援")
    second = _publish_with_themes(second, reviewer, "人材育成")
    everything = client.get(case_index.url).content.decode()
    assert first.title in everything and second.title in everything
    filtered = client.get(case_index.url, {"theme": "居住支援"}).content.decode()
    assert first.title in filtered and second.title not in filtered
    assert "テーマ「居住支援」の事例: 1件" in filtered
    unknown = client.get(case_index.url, {"theme": "<script>"}).content.decode()
    assert first.title in unknown and "<script>" not in unknown


def test_drafts_are_not_listed_or_found(client, case_index, imported_case):
    assert (
        imported_case.get_latest_revision_as_object().title
        not in client.get(case_index.url).content.decode()
    )
    assert "見つかりませんでした" in client.get("/search/", {"q": "支援会議"}).content.decode()


def test_published_cases_are_found_in_site_search(client, imported_case, reviewer):
    page = _publish_with_themes(imported_case, reviewer, "地域づくり")
    html = client.get("/search/", {"q": "支援会議"}).content.decode()
    assert f'href="{page.url}"' in html and "事例" in html
