"""The publish gate: what still stands between a case study and going live."""

from django.utils.translation import gettext as _

from casestudies.models import CaseStudyPage, Finding


def publish_blockers(page: CaseStudyPage, fields: dict[str, str] | None = None) -> list[str]:
    """Japanese messages naming each open finding and each original surface still in a public field.

    `fields` are the texts about to be published (the editor's form); the page's own
    fields are used when none are given. A case without a stored original (written
    from scratch in the CMS) has nothing to check.
    """
    source = getattr(page, "source", None) if page.pk else None
    if source is None:
        return []
    texts = fields if fields is not None else page.section_texts()
    findings = list(source.findings.all())
    messages = []
    open_surfaces = [f.surface for f in findings if f.status == Finding.Status.OPEN]
    if open_surfaces:
        listed = "、".join(open_surfaces[:10]) + ("…" if len(open_surfaces) > 10 else "")
        messages.append(
            _("未確認の指摘が %(n)d 件あります: %(surfaces)s")
            % {"n": len(open_surfaces), "surfaces": listed}
        )
    for finding in findings:
        if finding.status == Finding.Status.KEPT:
            continue
        where = [name for name, text in texts.items() if finding.surface in (text or "")]
        if where:
            messages.append(
                _("元の表記「%(surface)s」が公開される項目に残っています（%(fields)s）。")
                % {"surface": finding.surface, "fields": "、".join(where)}
            )
    return messages
