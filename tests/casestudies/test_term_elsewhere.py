"""The reviewer's aid, part 2: a term an editor adds is offered for the other unpublished cases."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from casestudies import selectors, services
from casestudies.models import CaseStudyIndexPage, CaseStudyPage, Finding, OriginalAccessLog

# Invented reports: 港町 is a word the detector leaves, so only an editor's term masks it.
OTHER = """概要
港町で暮らす田村恵美子さんは、港町の商店街で見守り活動を続けている。
"""
THIRD = """概要
港町の集会所で、相談員の内海さんが月に一度の相談会を開いている。
"""
WITHOUT = """概要
山あいの集落で、民生委員の石倉さんが高齢者の見守りを続けている。
"""


def _import(index, reviewer, text: str, title: str = "事例") -> CaseStudyPage:
    return services.case_import(index=index, title=title, text=text, user=reviewer)


def _draft_text(page: CaseStudyPage) -> str:
    draft = CaseStudyPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    return " ".join(draft.section_texts().values())


def _publish(page: CaseStudyPage, reviewer) -> CaseStudyPage:
    for finding in page.source.findings.all():
        services.finding_accept(finding=finding, user=reviewer)
    CaseStudyPage.objects.get(pk=page.pk).get_latest_revision().publish()
    return CaseStudyPage.objects.get(pk=page.pk)


@pytest.fixture
def added(imported_case, reviewer) -> Finding:
    return services.term_add(
        source=imported_case.source, surface="港町", kind="place", user=reviewer
    )


def test_the_offer_lists_other_unpublished_cases_with_counts_and_a_snippet(
    case_index, reviewer, imported_case, added
):
    other = _import(case_index, reviewer, OTHER)
    third = _import(case_index, reviewer, THIRD)
    _import(case_index, reviewer, WITHOUT)
    published = _publish(_import(case_index, reviewer, OTHER), reviewer)
    assert published.live

    offers = selectors.term_offers(origin=imported_case.source, surface="港町", user=reviewer)

    by_page = {offer["page_id"]: offer for offer in offers}
    assert set(by_page) == {other.pk, third.pk}
    assert by_page[other.pk]["count"] == 2
    assert by_page[third.pk]["count"] == 1
    snippet = by_page[other.pk]
    assert snippet["field"] == "summary" and snippet["surface"] == "港町"
    assert snippet["after"].startswith("で暮らす")


def test_replacing_in_the_chosen_cases_gives_each_its_own_alias(
    case_index, reviewer, imported_case, added
):
    other = _import(case_index, reviewer, OTHER)
    third = _import(case_index, reviewer, THIRD)
    # An alias approved in the chosen case before the term arrives must stay as it is.
    person = other.source.findings.get(surface="田村恵美子")
    services.finding_accept(finding=person, user=reviewer)
    third_before = _draft_text(third)

    findings = services.term_spread(
        origin=imported_case.source,
        surface="港町",
        kind="place",
        page_ids=[other.pk],
        user=reviewer,
    )

    assert [f.source.page_id for f in findings] == [other.pk]
    spread = other.source.findings.get(surface="港町")
    assert spread.added_by_editor and spread.kind == "place" and spread.alias
    assert len(spread.occurrences) == 2
    person.refresh_from_db()
    assert person.alias and spread.alias != person.alias
    text = _draft_text(other)
    assert "港町" not in text and person.alias in text
    assert _draft_text(third) == third_before
    assert not third.source.findings.filter(surface="港町").exists()


def test_a_published_case_is_never_changed(case_index, reviewer, imported_case, added):
    published = _publish(_import(case_index, reviewer, OTHER), reviewer)
    revisions = published.revisions.count()

    with pytest.raises(services.CaseStudyError) as refused:
        services.term_spread(
            origin=imported_case.source,
            surface="港町",
            kind="place",
            page_ids=[published.pk],
            user=reviewer,
        )

    assert refused.value.code == "not_offered"
    assert published.revisions.count() == revisions
    assert not published.source.findings.filter(surface="港町").exists()
    assert CaseStudyPage.objects.get(pk=published.pk).summary == published.summary


def test_cases_outside_the_editors_scope_are_neither_offered_nor_changed(
    case_index, reviewer, imported_case, added
):
    # Another case index (a second collection of cases) is not the review screen's scope.
    elsewhere = CaseStudyIndexPage(title="別の事例集", slug="other-cases")
    case_index.get_parent().add_child(instance=elsewhere)
    foreign = _import(elsewhere, reviewer, OTHER)
    mine = _import(case_index, reviewer, THIRD)
    # A reviewer who may see originals but edit no page writes no draft anywhere.
    onlooker = User.objects.create_user(
        email="onlooker@example.jp", password="x" * 12, full_name="閲覧 のみ"
    )
    onlooker.groups.add(Group.objects.get(name="事例の匿名化担当"))

    offered = selectors.term_offers(origin=imported_case.source, surface="港町", user=reviewer)
    assert [offer["page_id"] for offer in offered] == [mine.pk]
    assert selectors.term_offers(origin=imported_case.source, surface="港町", user=onlooker) == []

    for user, page_ids in ((reviewer, [mine.pk, foreign.pk]), (onlooker, [mine.pk])):
        with pytest.raises(services.CaseStudyError) as refused:
            services.term_spread(
                origin=imported_case.source,
                surface="港町",
                kind="place",
                page_ids=page_ids,
                user=user,
            )
        assert refused.value.code == "not_offered"
    # All or none: the allowed case in the forged request is untouched too.
    assert not mine.source.findings.filter(surface="港町").exists()
    assert not foreign.source.findings.filter(surface="港町").exists()


@pytest.mark.parametrize(
    ("surface", "page_ids", "code"),
    [
        ("", "other", "blank"),
        ("　", "other", "blank"),
        ("港町", [], "none_chosen"),
        ("港町", [2**31], "not_offered"),
        ("港町", "origin", "not_offered"),
        ("の", "other", "too_short"),
    ],
)
def test_bad_input_is_refused_with_a_code_and_changes_nothing(
    case_index, reviewer, imported_case, added, surface, page_ids, code
):
    other = _import(case_index, reviewer, OTHER)
    named = {"other": [other.pk], "origin": [imported_case.pk]}
    chosen = named[page_ids] if isinstance(page_ids, str) else page_ids
    findings = Finding.objects.count()

    with pytest.raises(services.CaseStudyError) as refused:
        services.term_spread(
            origin=imported_case.source,
            surface=surface,
            kind="place",
            page_ids=chosen,
            user=reviewer,
        )

    assert refused.value.code == code
    assert refused.value.message
    assert Finding.objects.count() == findings


def test_adding_a_term_leads_to_the_offer_and_the_screen_replaces_the_chosen(
    client, case_index, reviewer, imported_case
):
    other = _import(case_index, reviewer, OTHER)
    client.force_login(reviewer)

    response = client.post(
        reverse("casestudies_admin:term_add", args=[imported_case.pk]),
        {"surface": "港町", "kind": "place"},
    )
    finding = imported_case.source.findings.get(surface="港町")
    offer_url = reverse("casestudies_admin:term_elsewhere", args=[finding.pk])
    assert response.status_code == 302 and response.url == offer_url

    page = client.get(offer_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 か所" in html and "<mark>港町</mark>で暮らす" in html
    assert OriginalAccessLog.objects.filter(source=other.source, action="term_offer").exists()

    done = client.post(offer_url, {"pages": [str(other.pk)]}, follow=True)
    assert "他の 1 件の事例でも置き換えました" in done.content.decode()
    assert "港町" not in _draft_text(other)


def test_the_screen_refuses_a_forged_case_in_japanese(client, case_index, reviewer, added):
    published = _publish(_import(case_index, reviewer, OTHER), reviewer)
    client.force_login(reviewer)
    url = reverse("casestudies_admin:term_elsewhere", args=[added.pk])

    response = client.post(url, {"pages": [str(published.pk)]}, follow=True)

    assert "置き換えの対象ではありません" in response.content.decode()
    assert not published.source.findings.filter(surface="港町").exists()


def test_an_editor_without_the_review_permission_is_refused(client, added):
    editor = User.objects.create_user(
        email="plain-editor@example.jp", password="x" * 12, full_name="編集 担当"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    response = client.get(reverse("casestudies_admin:term_elsewhere", args=[added.pk]))

    # Wagtail answers PermissionDenied in its admin with a redirect and a message.
    assert response.status_code in (302, 403)
    assert "港町" not in response.content.decode()
    assert not OriginalAccessLog.objects.filter(action="term_offer").exists()
