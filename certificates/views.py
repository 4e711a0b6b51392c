"""Screens of the certificates app: the issuer profile and its preview, a cohort's issue page,
the prefecture's list with revoke and reissue, the audit list, and the trainee's downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from assessments.permissions import cohorts_administered_by
from certificates import permissions, selectors, services
from certificates.forms import IssuerProfileForm, ReasonForm
from certificates.models import (
    DEFAULT_NUMBER_FORMAT,
    DEFAULT_TITLE,
    DEFAULT_WORDING,
    CalendarStyle,
    Certificate,
)
from courses.models import Enrollment

POST_RATE = "30/m"
#: Previews render a real PDF each time; a few a minute is plenty for setting one up.
PREVIEW_RATE = "20/m"


def _private(response):
    # Names, numbers and PDFs of people: no shared cache may keep them.
    response["Cache-Control"] = "private, no-store"
    return response


def _prefecture(request, prefecture_slug: str):
    """A prefecture the person administers; 404 for any other, so others' stay hidden."""
    return get_object_or_404(
        permissions.prefectures_administered_by(request.user), slug=prefecture_slug
    )


def _administered_certificate(request, certificate_id: int) -> Certificate:
    return get_object_or_404(
        permissions.certificates_administered_by(request.user).select_related(
            "prefecture", "superseded_by", "enrollment__cohort"
        ),
        pk=certificate_id,
    )


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_http_methods(["GET", "POST"])
def issuer_profile(request, prefecture_slug: str):
    """発行者の設定: the issuer line, wording, 公印, numbering and calendar of the prefecture."""
    prefecture = _prefecture(request, prefecture_slug)
    profile = selectors.issuer_profile_of(prefecture)
    if request.method == "POST":
        form = IssuerProfileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.issuer_profile_save(
                    prefecture=prefecture, by=request.user, **form.cleaned_data
                )
            except services.CertificateError as exc:
                form.add_error("seal" if exc.code == "seal" else None, exc.message)
            else:
                messages.success(request, _("発行者の設定を保存しました。"))
                return redirect("certificates:issuer_profile", prefecture_slug=prefecture.slug)
    elif profile is not None:
        form = IssuerProfileForm(
            initial={
                "issuer_line": profile.issuer_line,
                "title": profile.title,
                "wording": profile.wording,
                "number_format": profile.number_format,
                "calendar": profile.calendar,
            }
        )
    else:
        form = IssuerProfileForm(
            initial={
                "title": DEFAULT_TITLE,
                "wording": DEFAULT_WORDING,
                "number_format": DEFAULT_NUMBER_FORMAT,
                "calendar": CalendarStyle.WAREKI,
            }
        )
    context = {"prefecture": prefecture, "profile": profile, "form": form}
    return _private(TemplateResponse(request, "certificates/issuer_profile.html", context))


@login_required
@ratelimit(key="user", rate=PREVIEW_RATE)
@require_GET
def issuer_preview(request, prefecture_slug: str):
    """The real PDF with sample data, shown in the browser and never stored."""
    prefecture = _prefecture(request, prefecture_slug)
    profile = selectors.issuer_profile_of(prefecture)
    if profile is None:
        messages.error(request, _("先に発行者の設定を保存してください。"))
        return redirect("certificates:issuer_profile", prefecture_slug=prefecture.slug)
    pdf = services.preview_pdf(profile=profile, by=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="preview.pdf"'
    return _private(response)


@login_required
@require_GET
def certificate_list(request, prefecture_slug: str):
    """修了証の一覧: every certificate of the prefecture, and its cohorts to issue from."""
    prefecture = _prefecture(request, prefecture_slug)
    context = {
        "prefecture": prefecture,
        "profile": selectors.issuer_profile_of(prefecture),
        "certificates": selectors.certificates_of_prefecture(request.user, prefecture)[:500],
        "cohorts": cohorts_administered_by(request.user)
        .filter(prefecture=prefecture)
        .select_related("program")
        .order_by("-fiscal_year", "title"),
    }
    return _private(TemplateResponse(request, "certificates/certificate_list.html", context))


def _administered_cohort(request, cohort_id: int):
    return get_object_or_404(
        cohorts_administered_by(request.user).select_related("program", "prefecture"),
        pk=cohort_id,
    )


@login_required
@require_GET
def cohort_certificates(request, cohort_id: int):
    """A cohort's trainees: who is complete, who holds a certificate, and a 発行 button each."""
    cohort = _administered_cohort(request, cohort_id)
    context = {
        "cohort": cohort,
        "prefecture": cohort.prefecture,
        "profile": selectors.issuer_profile_of(cohort.prefecture),
        "rows": selectors.cohort_rows(cohort),
    }
    return _private(TemplateResponse(request, "certificates/cohort_certificates.html", context))


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_POST
def certificate_issue(request, cohort_id: int, enrollment_id: int):
    """Issue one trainee's certificate; a second click gets the same certificate back."""
    cohort = _administered_cohort(request, cohort_id)
    enrollment = get_object_or_404(
        Enrollment.objects.for_user(request.user, roles=permissions.ADMIN_ROLES)
        .filter(cohort=cohort)
        .select_related("trainee"),
        pk=enrollment_id,
    )
    try:
        certificate = services.certificate_issue(enrollment=enrollment, by=request.user)
    except services.CertificateError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s さんの修了証（%(number)s）を発行しました。")
            % {"name": certificate.holder_name, "number": certificate.number},
        )
    return redirect("certificates:cohort", cohort_id=cohort.pk)


def _reason_view(request, certificate_id: int, *, action: str):
    certificate = _administered_certificate(request, certificate_id)
    # An empty POST is still a POST: it must show "理由を入力してください", not a fresh form.
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        service = (
            services.certificate_revoke if action == "revoke" else services.certificate_reissue
        )
        try:
            result = service(
                certificate=certificate, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.CertificateError as exc:
            form.add_error(None, exc.message)
        else:
            if action == "revoke":
                messages.success(
                    request, _("修了証 %(number)s を失効させました。") % {"number": result.number}
                )
            else:
                messages.success(
                    request,
                    _("修了証 %(old)s を再発行しました。新しい番号は %(new)s です。")
                    % {"old": certificate.number, "new": result.number},
                )
            return redirect("certificates:list", prefecture_slug=certificate.prefecture.slug)
    context = {"certificate": certificate, "form": form, "action": action}
    return _private(TemplateResponse(request, "certificates/certificate_reason.html", context))


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_http_methods(["GET", "POST"])
def certificate_revoke(request, certificate_id: int):
    """失効: a valid certificate stops being valid, with a reason; the record stays."""
    return _reason_view(request, certificate_id, action="revoke")


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_http_methods(["GET", "POST"])
def certificate_reissue(request, certificate_id: int):
    """再発行: a new certificate (new number, today's snapshot) replaces a valid one."""
    return _reason_view(request, certificate_id, action="reissue")


@login_required
@require_GET
def audit_list(request, prefecture_slug: str):
    """操作記録: every issue, revoke, reissue and profile change of the prefecture."""
    prefecture = _prefecture(request, prefecture_slug)
    context = {
        "prefecture": prefecture,
        "events": selectors.audit_events(request.user, prefecture)[:500],
    }
    return _private(TemplateResponse(request, "certificates/audit_list.html", context))


@login_required
@require_GET
def certificate_download(request, certificate_id: int):
    """The stored PDF exactly as issued: the holder's own, or any of an administrator's prefecture."""
    certificate = (
        permissions.own_certificates(request.user).filter(pk=certificate_id).first()
        or permissions.certificates_administered_by(request.user).filter(pk=certificate_id).first()
    )
    if certificate is None or not certificate.pdf:
        raise Http404
    response = FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.number}.pdf",
        content_type="application/pdf",
    )
    return _private(response)


@login_required
@require_GET
def my_certificates(request):
    """The person's own certificates with their status and downloads."""
    certificates = permissions.own_certificates(request.user).select_related("superseded_by")
    context = {"certificates": certificates, "view_section": {"certificates": certificates}}
    return _private(TemplateResponse(request, "certificates/my_certificates.html", context))


def prefecture_home(request):
    """/certificates/: an administrator's prefecture list, everyone else their own certificates."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    prefecture = permissions.prefectures_administered_by(request.user).first()
    if prefecture is not None:
        return redirect("certificates:list", prefecture_slug=prefecture.slug)
    return redirect("certificates:mine")
