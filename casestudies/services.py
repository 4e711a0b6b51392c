"""Writes about case studies: importing a report, reviewing findings, recording who saw originals."""

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.validators import text_problem
from casestudies.anonymiser import KINDS, anonymise_fields, terms
from casestudies.anonymiser.cli import InputError, decode_bytes
from casestudies.models import (
    PUBLIC_FIELDS,
    CaseSource,
    CaseStudyIndexPage,
    CaseStudyPage,
    Finding,
    OriginalAccessLog,
)
from casestudies.sections import split_sections

MAX_REPORT_BYTES = 1_000_000

_TERM_PROBLEMS = {
    terms.BLANK: gettext_lazy("追加する語を入力してください。"),
    terms.SYMBOLS: gettext_lazy(
        "記号や空白だけの語は追加できません。名前や地名を入力してください。"
    ),
    terms.TOO_SHORT: gettext_lazy(
        "かな1文字は短すぎます。文章中のすべての同じ文字が置き換わってしまいます。"
    ),
    terms.FUNCTION_WORDS: gettext_lazy(
        "助詞や助動詞などは追加できません。文章中のすべての同じ語が置き換わってしまいます。"
    ),
    terms.LETTER_ALIAS: gettext_lazy(
        "A や B のような英字は別名として使われているため、追加できません。"
    ),
}


class CaseStudyError(Exception):
    """A case-study change was refused; `code` names the refusal, the message is shown as it is."""

    def __init__(self, message, code: str = "refused") -> None:
        super().__init__(str(message))
        self.code = code
        self.message = str(message)


def _require_printable(value: str, *, multiline: bool = False) -> None:
    # A U+FFFD or a control character saved here would be anonymised, published and printed.
    problem = text_problem(value, multiline=multiline)
    if problem:
        raise CaseStudyError(str(problem))


def report_decode(data: bytes, filename: str = "") -> str:
    """Text of an uploaded report (UTF-8 or CP932), refusing empty, binary and over-size files."""
    if not data.strip():
        raise CaseStudyError(_("ファイルが空です。本文のあるテキストファイルを選んでください。"))
    if len(data) > MAX_REPORT_BYTES:
        raise CaseStudyError(_("ファイルが大きすぎます（上限 1MB）。分けて取り込んでください。"))
    try:
        return decode_bytes(data, filename or "report")
    except InputError as exc:
        raise CaseStudyError(str(exc)) from exc


@transaction.atomic
def case_create(
    *, index: CaseStudyIndexPage, title: str, sections: dict[str, str], user, filename: str = ""
) -> CaseStudyPage:
    """Create a draft case study from original texts, stored apart, with its findings computed."""
    if not title.strip():
        raise CaseStudyError(_("タイトルを入力してください。"))
    if not any((text or "").strip() for text in sections.values()):
        raise CaseStudyError(_("本文が空です。"))
    _require_printable(title)
    for text in sections.values():
        _require_printable(text or "", multiline=True)
    # The slug never comes from the original title, which may name people or places.
    page = CaseStudyPage(
        title="（匿名化前）", slug=f"case-{uuid.uuid4().hex[:8]}", live=False, summary=""
    )
    index.add_child(instance=page)
    original = {"title": title.strip(), **{k: v for k, v in sections.items() if k in PUBLIC_FIELDS}}
    source = CaseSource.objects.create(
        page=page, original=original, filename=filename, created_by=user
    )
    findings_recompute(source=source, user=user)
    return page


def case_import(
    *, index: CaseStudyIndexPage, title: str, text: str, user, filename: str = ""
) -> CaseStudyPage:
    """Create a draft case study from a plain-text report, split by its headings."""
    if not text.strip():
        raise CaseStudyError(_("本文が空です。"))
    _require_printable(text, multiline=True)
    return case_create(
        index=index, title=title, sections=split_sections(text), user=user, filename=filename
    )


@transaction.atomic
def findings_recompute(*, source: CaseSource, user) -> None:
    """Run the anonymiser over the original again, keeping every decision made so far,
    and write the anonymised text into a new draft of the page."""
    existing = {finding.surface: finding for finding in source.findings.all()}
    extra_terms = [(f.surface, f.kind) for f in existing.values() if f.added_by_editor]
    # Accepted aliases are pinned too: a term added later draws a new letter instead of
    # shifting every letter an editor has already approved.
    aliases = {
        f.surface: f.alias
        for f in existing.values()
        if f.status in (Finding.Status.ACCEPTED, Finding.Status.EDITED)
    }
    aliases.update(
        {f.surface: f.surface for f in existing.values() if f.status == Finding.Status.KEPT}
    )
    result = anonymise_fields(
        source.original, extra_terms=extra_terms, aliases=aliases, ner=settings.ANONYMISER_NER
    )

    found: dict[str, dict] = {}
    for item in result.findings:
        entry = found.setdefault(
            item.surface, {"kind": item.kind, "alias": item.alias, "occurrences": []}
        )
        entry["occurrences"].append({"field": item.field, "start": item.start, "end": item.end})
    for surface, entry in found.items():
        finding = existing.get(surface)
        if finding is None:
            Finding.objects.create(source=source, surface=surface[:200], **entry)
            continue
        finding.occurrences = entry["occurrences"]
        if finding.status not in (Finding.Status.EDITED, Finding.Status.KEPT):
            finding.alias = entry["alias"]
        finding.save(update_fields=["occurrences", "alias"])
    stale = [f.pk for s, f in existing.items() if s not in found and not f.added_by_editor]
    Finding.objects.filter(pk__in=stale).delete()

    page = source.page
    for name in PUBLIC_FIELDS:
        setattr(page, name, result.fields.get(name, ""))
    page.draft_title = page.title
    # Review saves a draft; the publish gate is checked when the page goes live.
    page.save_revision(user=user, clean=False)


def _decided(finding: Finding, user, status: str) -> None:
    finding.status = status
    finding.decided_by = user
    finding.decided_at = timezone.now()


@transaction.atomic
def finding_accept(*, finding: Finding, user) -> Finding:
    """Use the proposed alias."""
    _decided(finding, user, Finding.Status.ACCEPTED)
    finding.save(update_fields=["status", "decided_by", "decided_at"])
    return finding


@transaction.atomic
def finding_edit_alias(*, finding: Finding, alias: str, user) -> Finding:
    """Use an alias the editor wrote; it must not give the original away."""
    alias = alias.strip()
    if not alias:
        raise CaseStudyError(_("別名を入力してください。"))
    _require_printable(alias)
    if finding.surface in alias:
        raise CaseStudyError(_("別名に元の表記を含めることはできません。"))
    finding.alias = alias[:200]
    _decided(finding, user, Finding.Status.EDITED)
    finding.save(update_fields=["alias", "status", "decided_by", "decided_at"])
    findings_recompute(source=finding.source, user=user)
    return finding


@transaction.atomic
def finding_keep(*, finding: Finding, reason: str, user) -> Finding:
    """Leave the original wording in the text, with the reason on record."""
    reason = reason.strip()
    if not reason:
        raise CaseStudyError(_("そのまま残す理由を入力してください。"))
    _require_printable(reason)
    finding.reason = reason
    finding.alias = finding.surface
    _decided(finding, user, Finding.Status.KEPT)
    finding.save(update_fields=["reason", "alias", "status", "decided_by", "decided_at"])
    findings_recompute(source=finding.source, user=user)
    return finding


def _checked_term(surface: str, kind: str) -> str:
    """The term stripped, or a refusal when it cannot be a name to mask everywhere."""
    surface = surface.strip()
    if len(surface) > 200:
        raise CaseStudyError(_("追加する語は200文字以内にしてください。"), code="too_long")
    if kind not in KINDS:
        raise CaseStudyError(_("種類が正しくありません。"), code="bad_kind")
    problem = terms.term_problem(surface)
    if problem:
        raise CaseStudyError(str(_TERM_PROBLEMS[problem]), code=problem)
    return surface


def _term_add_to(*, source: CaseSource, surface: str, kind: str, user) -> Finding:
    """Add a checked term to one case and redraw its draft, refusing to move accepted aliases."""
    if not any(surface in (text or "") for text in source.original.values()):
        raise CaseStudyError(
            _("「%(surface)s」は元の文章に見つかりません。") % {"surface": surface},
            code="not_in_original",
        )
    finding, created = Finding.objects.get_or_create(
        source=source, surface=surface, defaults={"kind": kind, "added_by_editor": True}
    )
    if not created and not finding.added_by_editor:
        raise CaseStudyError(
            _("「%(surface)s」はすでに指摘されています。") % {"surface": surface},
            code="already_found",
        )
    accepted = dict(
        source.findings.filter(status=Finding.Status.ACCEPTED).values_list("pk", "alias")
    )
    findings_recompute(source=source, user=user)
    if dict(source.findings.filter(pk__in=accepted).values_list("pk", "alias")) != accepted:
        # The atomic block rolls the term and the new draft back.
        raise CaseStudyError(
            _("「%(surface)s」を追加すると確認済みの別名が変わるため、追加できません。")
            % {"surface": surface},
            code="moves_accepted_alias",
        )
    finding.refresh_from_db()
    return finding


@transaction.atomic
def term_add(*, source: CaseSource, surface: str, kind: str, user) -> Finding:
    """An editor adds something the detector missed; it is replaced everywhere in the case."""
    surface = _checked_term(surface, kind)
    return _term_add_to(source=source, surface=surface, kind=kind, user=user)


@transaction.atomic
def term_spread(
    *, origin: CaseSource, surface: str, kind: str, page_ids: Iterable[int], user
) -> list[Finding]:
    """Add a term found in one case to the chosen other unpublished cases, all or none.

    Each case draws its own alias for the term, after the letters it already uses, so no
    alias an editor approved there moves. Only cases term_offers() lists for this user
    are touched: a published case, or one the user may not edit, is refused as forged.
    """
    from casestudies.selectors import term_offers

    surface = _checked_term(surface, kind)
    chosen = set(page_ids)
    if not chosen:
        raise CaseStudyError(_("置き換える事例を選んでください。"), code="none_chosen")
    # Locked before the offer is checked, so a case published meanwhile cannot slip in.
    locked = list(
        CaseSource.objects.select_for_update()
        .filter(page_id__in=chosen)
        .select_related("page")
        .order_by("pk")
    )
    list(CaseStudyPage.objects.select_for_update().filter(pk__in=chosen).values_list("pk"))
    offered = {offer["page_id"] for offer in term_offers(origin=origin, surface=surface, user=user)}
    if not chosen <= offered:
        raise CaseStudyError(
            _("選んだ事例の一部は置き換えの対象ではありません。画面を開き直してください。"),
            code="not_offered",
        )
    added = []
    for source in locked:
        try:
            added.append(_term_add_to(source=source, surface=surface, kind=kind, user=user))
        except CaseStudyError as exc:
            raise CaseStudyError(
                _("「%(title)s」: %(error)s")
                % {"title": source.page.draft_title, "error": exc.message},
                code=exc.code,
            ) from exc
    return added


def original_view_record(*, source: CaseSource, user, action: str) -> None:
    """Log a look at an original or its alias table."""
    OriginalAccessLog.objects.create(source=source, user=user, action=action)
