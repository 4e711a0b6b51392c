"""What the administrator downloads after a bulk issue: the PDFs as a ZIP and the 修了証台帳.

The 台帳 (register) lists every certificate of the cohort, revoked and reissued ones
too, as official registers do; the ZIP holds the valid ones, each PDF exactly as
issued and named by its number.
"""

import re
import tempfile
import zipfile
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from base.tables import table_csv, table_xlsx
from certificates.cp932 import Unencodable, cp932_csv
from certificates.models import Certificate, CertificateStatus
from certificates.pdf import date_text
from courses.models import Cohort

ZIP_TYPE = "application/zip"
#: Characters a file name may not hold on Windows, where the ZIP is usually opened.
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def cohort_certificates(certificates: QuerySet[Certificate], cohort: Cohort) -> list[Certificate]:
    """The cohort's certificates out of an already scoped queryset, in number order."""
    return list(
        certificates.filter(enrollment__cohort=cohort)
        .select_related("superseded_by")
        .order_by("fiscal_year", "serial")
    )


def register_header() -> list[str]:
    return [
        _("番号"),
        _("氏名"),
        _("ふりがな"),
        _("プログラム"),
        _("研修の回"),
        _("修了日"),
        _("発行日"),
        _("発行者"),
        _("状態"),
        _("失効日"),
        _("再発行後の番号"),
        _("確認コード"),
    ]


def register_rows(certificates: Iterable[Certificate]) -> list[list]:
    """One row per certificate, dates written as on the certificate itself."""
    rows = []
    for certificate in certificates:
        revoked = certificate.revoked_at
        rows.append(
            [
                certificate.number,
                certificate.holder_name,
                certificate.holder_furigana,
                certificate.program_title,
                certificate.cohort_title,
                date_text(certificate.completed_on, certificate.calendar),
                date_text(certificate.issued_on, certificate.calendar),
                certificate.issuer_line,
                certificate.get_status_display(),
                date_text(timezone.localdate(revoked), certificate.calendar) if revoked else "",
                certificate.superseded_by.number if certificate.superseded_by else "",
                certificate.code,
            ]
        )
    return rows


def register_filename(cohort: Cohort, extension: str) -> str:
    return f"修了証台帳_{cohort.title}.{extension}"


def register_csv(certificates: list[Certificate]) -> bytes:
    """The register as CSV in UTF-8 with a BOM (base/tables.py)."""
    return table_csv(register_header(), register_rows(certificates))


def register_xlsx(certificates: list[Certificate]) -> bytes:
    """The register as an XLSX workbook (base/tables.py)."""
    return table_xlsx(register_header(), register_rows(certificates), sheet_title=_("修了証台帳"))


def register_cp932(certificates: list[Certificate]) -> tuple[bytes, list[Unencodable]]:
    """The register as CP932 CSV for older Excel, and every character it could not hold."""
    return cp932_csv(register_header(), register_rows(certificates))


def pdf_name(certificate: Certificate) -> str:
    """The PDF's name inside the ZIP: its number, made safe for Windows."""
    return _UNSAFE_NAME.sub("_", certificate.number).strip() or certificate.code


def certificates_zip(certificates: Iterable[Certificate]):
    """The valid certificates' stored PDFs in a ZIP, as an open temporary file at its start.

    Written to a temporary file, not memory: 500 PDFs are tens of megabytes. PDFs are
    stored, not deflated again; they are compressed already.
    """
    out = tempfile.TemporaryFile()
    used: set[str] = set()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            if certificate.status != CertificateStatus.VALID:
                continue
            name = pdf_name(certificate)
            if name in used:  # two number formats could write the same text
                name = f"{name}_{certificate.code}"
            used.add(name)
            with certificate.pdf.open("rb") as handle:
                archive.writestr(f"{name}.pdf", handle.read())
    out.seek(0)
    return out
