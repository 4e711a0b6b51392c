"""Import, review and the publish gate of a case study."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casestudies import services
from casestudies.models import CaseStudyPage, Finding
from tests.casestudy_fixtures import REPORT


def _draft(page: CaseStudyPage) -> CaseStudyPage:
    return CaseStudyPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def test_import_stores_the_original_apart_and_drafts_anonymised_text(imported_case):
    source = imported_case.source
    assert "森川由紀子" in source.original["summary"]
    draft = _draft(imported_case)
    public = " ".join(draft.section_texts().values())
    for surface in ("森川由紀子", "舞鶴市", "こもれび", "0123-45-6789"):
        assert surface not in public, surface
    assert "相談支援員" in public and "支援会議" in public
    assert not imported_case.live
    assert "森川" not in imported_case.slug and imported_case.slug.startswith("case-")
    surfaces = set(source.findings.values_list("surface", flat=True))
    assert {"森川由紀子", "舞鶴市", "0123-45-6789"} <= surfaces
    assert all(f.status == Finding.Status.OPEN for f in source.findings.all())


def test_one_entity_gets_one_alias_across_fields(imported_case):
    draft = _draft(imported_case)
    alias = imported_case.source.findings.get(surface="舞鶴市").alias
    assert alias in draft.summary and alias in draft.background


def _publish(page: CaseStudyPage) -> None:
    CaseStudyPage.objects.get(pk=page.pk).get_latest_revision().publish()


def test_publishing_is_refused_while_findings_are_open(imported_case):
    with pytest.raises(ValidationError) as error:
        _publish(imported_case)
    assert "未確認の指摘" in str(error.value)
    assert not CaseStudyPage.objects.get(pk=imported_case.pk).live


def _accept_all(page, user):
    for finding in page.source.findings.filter(status=Finding.Status.OPEN):
        services.finding_accept(finding=finding, user=user)


def test_publishing_is_allowed_after_review(imported_case, reviewer):
    _accept_all(imported_case, reviewer)
    _publish(imported_case)
    assert CaseStudyPage.objects.get(pk=imported_case.pk).live


def test_an_original_surface_typed_back_into_a_field_blocks_publishing(imported_case, reviewer):
    _accept_all(imported_case, reviewer)
    draft = _draft(imported_case)
    draft.challenges = "今後は森川由紀子さんが後進を育てる。"
    draft.save_revision(user=reviewer)
    with pytest.raises(ValidationError) as error:
        _publish(imported_case)
    assert "「森川由紀子」が公開される項目に残っています" in str(error.value)
    assert not CaseStudyPage.objects.get(pk=imported_case.pk).live


def test_an_edited_alias_is_used_everywhere(imported_case, reviewer):
    finding = imported_case.source.findings.get(surface="舞鶴市")
    services.finding_edit_alias(finding=finding, alias="X市", user=reviewer)
    draft = _draft(imported_case)
    assert "X市" in draft.summary and "X市" in draft.background


def test_an_alias_may_not_contain_the_original(imported_case, reviewer):
    finding = imported_case.source.findings.get(surface="舞鶴市")
    with pytest.raises(services.CaseStudyError, match="元の表記を含める"):
        services.finding_edit_alias(finding=finding, alias="舞鶴市の港", user=reviewer)
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN


def test_keeping_needs_a_reason_and_then_leaves_the_text(imported_case, reviewer):
    finding = imported_case.source.findings.get(surface="0123-45-6789")
    with pytest.raises(services.CaseStudyError, match="理由"):
        services.finding_keep(finding=finding, reason=" ", user=reviewer)
    services.finding_keep(finding=finding, reason="架空の番号のため", user=reviewer)
    finding.refresh_from_db()
    assert finding.status == Finding.Status.KEPT and finding.reason == "架空の番号のため"
    assert "0123-45-6789" in _draft(imported_case).background


def test_an_added_term_is_replaced_everywhere(imported_case, reviewer):
    finding = services.term_add(
        source=imported_case.source, surface="港町", kind="place", user=reviewer
    )
    assert finding.added_by_editor and finding.alias
    assert "港町" not in " ".join(_draft(imported_case).section_texts().values())


def test_a_term_not_in_the_original_is_refused(imported_case, reviewer):
    with pytest.raises(services.CaseStudyError, match="見つかりません"):
        services.term_add(
            source=imported_case.source, surface="存在しない語", kind="person", user=reviewer
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "空です"), (b"\x00\x01\x02binary\x00", "バイナリ"), (b"a" * 1_000_001, "1MB")],
)
def test_bad_report_files_are_refused_in_japanese(data, message):
    with pytest.raises(services.CaseStudyError, match=message):
        services.report_decode(data, "report.txt")


def test_cp932_reports_are_read():
    text = "概要\n相談支援員が訪問した。".encode("cp932")
    assert "相談支援員" in services.report_decode(text, "report.txt")


# Mojibake and control characters never reach a stored original, alias or reason -----------

MOJIBAKE = "相談支援\ufffdセンター"


def test_an_import_with_mojibake_in_the_title_or_text_is_refused(case_index, reviewer):
    before = CaseStudyPage.objects.count()
    with pytest.raises(services.CaseStudyError, match="文字化け"):
        services.case_import(index=case_index, title=MOJIBAKE, text=REPORT, user=reviewer)
    with pytest.raises(services.CaseStudyError, match="文字化け"):
        services.case_import(index=case_index, title="港町", text=REPORT + MOJIBAKE, user=reviewer)
    with pytest.raises(services.CaseStudyError, match="制御文字"):
        services.case_import(index=case_index, title="港\x07町", text=REPORT, user=reviewer)
    assert CaseStudyPage.objects.count() == before


def test_a_report_keeps_its_line_breaks_and_tabs(case_index, reviewer):
    page = services.case_import(
        index=case_index,
        title="港町",
        text=REPORT.replace("\n", "\r\n").replace("は、", "は、\t"),
        user=reviewer,
    )
    assert "\t" in page.source.original["summary"]


@pytest.mark.parametrize("bad", [MOJIBAKE, "X\u202e市"])
def test_an_alias_or_reason_with_unprintable_text_is_refused(imported_case, reviewer, bad):
    finding = imported_case.source.findings.get(surface="舞鶴市")
    revisions = imported_case.revisions.count()
    with pytest.raises(services.CaseStudyError, match="文字"):
        services.finding_edit_alias(finding=finding, alias=bad, user=reviewer)
    with pytest.raises(services.CaseStudyError, match="文字"):
        services.finding_keep(finding=finding, reason=bad, user=reviewer)
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN and finding.alias != bad
    assert imported_case.revisions.count() == revisions


def test_the_import_screen_shows_the_refusal_in_japanese(client, case_index, reviewer):
    client.force_login(reviewer)
    before = CaseStudyPage.objects.count()
    response = client.post(reverse("casestudies_admin:import"), {"title": MOJIBAKE, "text": REPORT})
    assert response.status_code == 200
    assert "文字化けした文字" in response.content.decode()
    assert CaseStudyPage.objects.count() == before


def test_an_uploaded_report_with_mojibake_is_refused(client, case_index, reviewer):
    client.force_login(reviewer)
    before = CaseStudyPage.objects.count()
    upload = SimpleUploadedFile("report.txt", (REPORT + MOJIBAKE).encode())
    response = client.post(
        reverse("casestudies_admin:import"), {"title": "港町", "text": "", "file": upload}
    )
    assert "文字化けした文字" in response.content.decode()
    assert CaseStudyPage.objects.count() == before


@pytest.mark.parametrize("action", ["edit", "keep"])
def test_the_review_screen_shows_the_refusal_in_japanese(client, imported_case, reviewer, action):
    client.force_login(reviewer)
    finding = imported_case.source.findings.get(surface="舞鶴市")
    response = client.post(
        reverse("casestudies_admin:finding_decide", args=[finding.pk]),
        {"action": action, "alias": MOJIBAKE, "reason": MOJIBAKE},
        follow=True,
    )
    assert "文字化けした文字" in response.content.decode()
    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN


def test_the_review_screen_lists_words_the_detector_was_unsure_of(client, case_index, reviewer):
    client.force_login(reviewer)
    text = REPORT + "記録は根来が整え、報告会では Minoru が「ぽぷら」を紹介した。\n"
    page = services.case_import(
        index=case_index, title="見直しの手がかり", text=text, user=reviewer
    )
    response = client.get(reverse("casestudies_admin:review", args=[page.pk]))
    html = response.content.decode()
    assert "確認してほしい語" in html
    for surface in ("Minoru", "ぽぷら"):
        assert f"<strong>{surface}</strong>" in html, surface
