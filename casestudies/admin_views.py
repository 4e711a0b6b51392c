"""The CMS screens where editors import reports and review the anonymiser's findings."""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from casestudies import selectors, services
from casestudies.forms import KIND_LABELS, FindingDecisionForm, ImportForm, TermForm, TermSpreadForm
from casestudies.gate import publish_blockers
from casestudies.models import CaseSource, CaseStudyIndexPage, CaseStudyPage, Finding
from casestudies.permissions import can_view_original


def _require_permission(request) -> None:
    if not can_view_original(request.user):
        raise PermissionDenied


def case_list(request):
    """Every case with a stored original, and how many findings are still open."""
    _require_permission(request)
    sources = (
        CaseSource.objects.select_related("page")
        .annotate(open_count=Count("findings", filter=Q(findings__status=Finding.Status.OPEN)))
        .order_by("-created_at")
    )
    return TemplateResponse(request, "casestudies/admin/case_list.html", {"sources": sources})


def case_import(request):
    """Paste or upload a report; it becomes a draft with its findings, ready for review."""
    _require_permission(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    index = CaseStudyIndexPage.objects.first()
    if request.method == "POST" and form.is_valid():
        if index is None:
            form.add_error(None, _("事例一覧ページがありません。先に作成してください。"))
        else:
            upload = form.cleaned_data.get("file")
            try:
                page = services.case_import(
                    index=index,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    user=request.user,
                    filename=upload.name if upload else "",
                )
            except services.CaseStudyError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("取り込みました。指摘を一つずつ確認してください。"))
                return redirect("casestudies_admin:review", page_id=page.pk)
    return TemplateResponse(request, "casestudies/admin/import.html", {"form": form})


def _field_label(name: str) -> str:
    """The case page field's verbose name, as the editor knows it from the edit form."""
    try:
        return str(CaseStudyPage._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # an original stored before a field was renamed
        return name


def review(request, page_id: int):
    """The original with findings highlighted, the proposed aliases, and what still blocks publishing."""
    _require_permission(request)
    source = get_object_or_404(CaseSource.objects.select_related("page"), page_id=page_id)
    services.original_view_record(source=source, user=request.user, action="review")
    draft = source.page.get_latest_revision_as_object()
    findings = selectors.findings_of(source)
    for finding in findings:
        finding.kind_label = KIND_LABELS.get(finding.kind, finding.kind)
    original = selectors.highlighted_original(source)
    for section in original:
        section["label"] = _field_label(section["name"])
    return TemplateResponse(
        request,
        "casestudies/admin/review.html",
        {
            "source": source,
            "page": source.page,
            "draft": draft,
            "findings": findings,
            "unsure": selectors.unsure_candidates_of(source),
            "original": original,
            "blockers": publish_blockers(source.page, fields=draft.section_texts()),
            "term_form": TermForm(),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[source.page.pk]),
        },
    )


@require_POST
def finding_decide(request, finding_id: int):
    """Accept, change or keep one finding."""
    _require_permission(request)
    finding = get_object_or_404(Finding.objects.select_related("source"), pk=finding_id)
    form = FindingDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("操作が正しくありません。"))
    else:
        action = form.cleaned_data["action"]
        try:
            if action == "accept":
                services.finding_accept(finding=finding, user=request.user)
            elif action == "edit":
                services.finding_edit_alias(
                    finding=finding, alias=form.cleaned_data["alias"], user=request.user
                )
            else:
                services.finding_keep(
                    finding=finding, reason=form.cleaned_data["reason"], user=request.user
                )
        except services.CaseStudyError as exc:
            messages.error(
                request,
                _("「%(surface)s」: %(error)s") % {"surface": finding.surface, "error": exc},
            )
        else:
            messages.success(
                request, _("「%(surface)s」を確認しました。") % {"surface": finding.surface}
            )
    return redirect(
        reverse("casestudies_admin:review", args=[finding.source.page_id]) + "#findings"
    )


@require_POST
def term_add(request, page_id: int):
    """Add a term the detector missed; it is masked everywhere in the case."""
    _require_permission(request)
    source = get_object_or_404(CaseSource, page_id=page_id)
    form = TermForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("追加する語と種類を正しく入力してください。"))
    else:
        try:
            finding = services.term_add(source=source, user=request.user, **form.cleaned_data)
        except services.CaseStudyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("「%(surface)s」を追加し、「%(alias)s」に置き換えました。")
                % {"surface": finding.surface, "alias": finding.alias},
            )
            if selectors.term_offers(origin=source, surface=finding.surface, user=request.user):
                return redirect("casestudies_admin:term_elsewhere", finding_id=finding.pk)
    return redirect(reverse("casestudies_admin:review", args=[page_id]) + "#findings")


def term_elsewhere(request, finding_id: int):
    """Offer to replace a case's term in the other unpublished cases that still show it."""
    _require_permission(request)
    finding = get_object_or_404(Finding.objects.select_related("source__page"), pk=finding_id)
    origin = finding.source
    offers = selectors.term_offers(origin=origin, surface=finding.surface, user=request.user)
    form = TermSpreadForm(request.POST or None, offers=offers)
    if request.method == "POST":
        if form.is_valid():
            try:
                added = services.term_spread(
                    origin=origin,
                    surface=finding.surface,
                    kind=finding.kind,
                    page_ids=form.cleaned_data["pages"],
                    user=request.user,
                )
            except services.CaseStudyError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("「%(surface)s」を他の %(n)d 件の事例でも置き換えました。")
                    % {"surface": finding.surface, "n": len(added)},
                )
                return redirect(
                    reverse("casestudies_admin:review", args=[origin.page_id]) + "#findings"
                )
        else:
            messages.error(request, " ".join(form.errors.get("pages", [])))
        return redirect("casestudies_admin:term_elsewhere", finding_id=finding.pk)
    # Each snippet is a look at that case's original, logged like the review screen.
    for offer in offers:
        services.original_view_record(
            source=offer["source"], user=request.user, action="term_offer"
        )
        offer["field_label"] = _field_label(offer["field"])
    return TemplateResponse(
        request,
        "casestudies/admin/term_elsewhere.html",
        {
            "finding": finding,
            "page": origin.page,
            "kind_label": KIND_LABELS.get(finding.kind, finding.kind),
            "offers": offers,
            "form": form,
        },
    )
