"""The public verify page, /verify/: anyone checks a code, or a PDF, against the issued record.

No sign-in. The page says only what the certificate itself says in public (status,
holder's name, program, issue date, issuer and number) and nothing else about the
person. Every lookup, of a known code or an unknown one, runs the same query and
counts against the same per-address limit, so guessing codes is slow and learns
nothing beyond "no such code". Answers are never stored by a cache: a revocation must
show at once, not after some proxy's copy expires.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from certificates import selectors, verify_shell
from certificates.models import Certificate, CertificateStatus
from certificates.pdf import date_text
from certificates.signing import SignatureCheck, verify_pdf

#: The largest file the PDF check reads. An issued certificate is well under 1 MB.
PDF_MAX_BYTES = 5 * 1024 * 1024
#: Room for the multipart envelope and the CSRF field around the file itself.
_ENVELOPE_BYTES = 64 * 1024
RATE_GROUP = "certificates.verify"


def verify_rate(group, request) -> str:
    """Lookups per address (settings.CERTIFICATE_VERIFY_RATE), known and unknown codes alike."""
    return settings.CERTIFICATE_VERIFY_RATE


def _size_text() -> str:
    return f"{PDF_MAX_BYTES // (1024 * 1024)} MB"


class VerifyCodeForm(forms.Form):
    """The code as a person types or reads it aloud."""

    code = forms.CharField(
        label=gettext_lazy("確認コード"),
        max_length=selectors.CODE_INPUT_MAX,
        help_text=gettext_lazy("修了証に印刷された12文字のコード（例: ABCD-EFGH-JKMN）"),
        error_messages={
            "required": gettext_lazy("確認コードを入力してください。"),
            "max_length": gettext_lazy(
                "確認コードが長すぎます。修了証に印刷された12文字を入力してください。"
            ),
        },
    )

    def clean_code(self) -> str:
        code = selectors.normalize_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("確認コードの形式が正しくありません。英数字12文字（例: ABCD-EFGH-JKMN）です。")
            )
        return code


class PdfCheckForm(forms.Form):
    """A file someone was given as this certificate."""

    pdf = forms.FileField(
        label=gettext_lazy("PDFファイル"),
        error_messages={
            "required": gettext_lazy("確認するPDFファイルを選んでください。"),
            "empty": gettext_lazy("選ばれたファイルは空です。"),
        },
    )

    def clean_pdf(self) -> bytes:
        upload = self.cleaned_data["pdf"]
        data = upload.read(PDF_MAX_BYTES + 1)
        if len(data) > PDF_MAX_BYTES:
            raise forms.ValidationError(too_large_message())
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(
                _("このファイルはPDFではありません。PDFファイルを選んでください。")
            )
        return data


def too_large_message() -> str:
    return _("ファイルが大きすぎます。%(size)sまでのPDFを選んでください。") % {"size": _size_text()}


class CappedUploadHandler(FileUploadHandler):
    """Keeps an upload in memory up to PDF_MAX_BYTES and drops it past that, noting why."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = b""
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int):
        if start + len(raw_data) > PDF_MAX_BYTES:
            self.too_large = True
            self.received = b""
            raise SkipFile()
        self.received += raw_data
        return None

    def file_complete(self, file_size: int):
        import io

        return InMemoryUploadedFile(
            io.BytesIO(self.received),
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )


@dataclass(frozen=True)
class PdfVerdict:
    """What the PDF check found: the file's fingerprint against the record, and its signature."""

    same_file: bool
    signature: SignatureCheck

    @property
    def issued_unaltered(self) -> bool:
        return self.same_file

    @property
    def kind(self) -> str:
        if self.same_file:
            return "issued"
        return "other_signed" if self.signature.intact else "altered"


def pdf_verdict(certificate: Certificate, data: bytes) -> PdfVerdict:
    """Compare an uploaded file's SHA-256 and signature with the issued certificate's."""
    digest = hashlib.sha256(data).hexdigest()
    return PdfVerdict(
        same_file=hmac.compare_digest(digest, certificate.sha256), signature=verify_pdf(data)
    )


def public_fields(certificate: Certificate) -> dict:
    """What the verify page may show of a certificate (from certificate_by_code): its print and status."""
    revoked_on = timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None
    return {
        "status": certificate.status,
        "status_label": certificate.get_status_display(),
        "revoked_on": date_text(revoked_on, certificate.calendar) if revoked_on else "",
        # Read with the certificate by selectors.certificate_by_code.
        "successor_code": certificate.successor_code or "",
        "successor_number": certificate.successor_number or "",
        "holder_name": certificate.holder_name,
        "program_title": certificate.program_title,
        "issued_on": date_text(certificate.issued_on, certificate.calendar),
        "issuer_line": certificate.issuer_line,
        "number": certificate.number,
        "code": certificate.code,
        "signed": certificate.signed,
    }


def _private(response):
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
def verify_start(request):
    """/verify/: the form; a well-formed code goes on to its own page."""
    form = VerifyCodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("verify:code", code=form.cleaned_data["code"])
    return _private(render(request, "certificates/verify.html", {"form": form}))


def _csrf_refusal(request):
    """The CSRF check the middleware would have made, run after the size check."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})


# The CSRF check is made by hand inside, after the declared size is checked: the
# middleware would parse (and copy) a 50 MB body before the view could refuse it.
@csrf_exempt
@never_cache
@ratelimit(key="ip", rate=verify_rate, group=RATE_GROUP, method=ratelimit.ALL)
@require_http_methods(["GET", "POST"])
def verify_code(request, code: str):
    """/verify/<code>/: the certificate's status and public fields, and the PDF check."""
    normal = selectors.normalize_code(code)
    certificate = selectors.certificate_by_code(normal) if normal else None
    if certificate is None:
        message = (
            _("この確認コードの修了証は見つかりません。コードをもう一度お確かめください。")
            if normal
            else _("確認コードの形式が正しくありません。英数字12文字（例: ABCD-EFGH-JKMN）です。")
        )
        form = VerifyCodeForm()
        return _private(
            render(
                request,
                "certificates/verify.html",
                {"form": form, "not_found": message},
                status=404,
            )
        )
    if request.method == "GET" and normal != code:
        return redirect("verify:code", code=normal)

    fields = public_fields(certificate)

    def page_context(check_form=None, verdict=None) -> dict:
        return {
            "c": fields,
            "check_form": check_form if check_form is not None else PdfCheckForm(),
            "verdict": verdict,
            "pdf_max": _size_text(),
            "valid": certificate.status == CertificateStatus.VALID,
        }

    if verify_shell.applies(request):
        # The shell asks for the context only the first time it draws the page.
        return _private(verify_shell.response(request, fields, page_context))
    check_form, verdict, status = None, None, 200
    if request.method == "POST":
        check_form, verdict, status = _check_upload(request, certificate)
        if status == 403:
            return check_form  # the CSRF refusal itself
    context = page_context(check_form, verdict)
    return _private(render(request, verify_shell.TEMPLATE, context, status=status))


def _check_upload(request, certificate: Certificate):
    """(form, verdict, status) for an uploaded PDF; refuses by the declared size before parsing."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > PDF_MAX_BYTES + _ENVELOPE_BYTES:
        form = PdfCheckForm()
        form.cleaned_data = {}
        form.add_error(None, too_large_message())
        return form, None, 413
    handler = CappedUploadHandler(request)
    request.upload_handlers = [handler]
    refusal = _csrf_refusal(request)
    if refusal is not None:
        return refusal, None, 403
    form = PdfCheckForm(request.POST, request.FILES)
    if getattr(handler, "too_large", False):
        form.is_valid()
        form.add_error("pdf", too_large_message())
        return form, None, 413
    if not form.is_valid():
        return form, None, 400
    return form, pdf_verdict(certificate, form.cleaned_data["pdf"]), 200
