"""The 修了証 PDF: A4, the 公印 over the issuer line, a QR code and the verify link.

Set in IPAex Mincho, whose embedded subset stays near 10 KB, with Noto Serif CJK for
the characters IPAex lacks (𠮷 and the like), so no name ever loses a character.

Rendered by WeasyPrint through workshops' restricted fetcher, widened only to the
issuer's own seal, so nothing a trainee or administrator typed can make the renderer
read another file or call another server.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint.urls import URLFetcherResponse

from certificates.models import PLACEHOLDER_RE, CalendarStyle
from certificates.storage import certificate_storage
from certificates.wareki import seireki, wareki
from workshops.pdf import ForbiddenResource, ProjectURLFetcher, render_pdf

SEAL_PREFIX = "seal:"
SEAL_FOLDER = "seals"


class CertificateURLFetcher(ProjectURLFetcher):
    """The project's static files, plus `seal:seals/<name>.png` from the certificate storage."""

    def fetch(self, url, headers=None):
        if not url.startswith(SEAL_PREFIX):
            return super().fetch(url, headers)
        name = url[len(SEAL_PREFIX) :]
        parts = PurePosixPath(name).parts
        if len(parts) != 2 or parts[0] != SEAL_FOLDER or ".." in parts or "\\" in name:
            raise ForbiddenResource(url)
        if not certificate_storage.exists(name):
            raise ForbiddenResource(url)
        with certificate_storage.open(name, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body=body, headers={"Content-Type": "image/png"})


def date_text(day: date, calendar: str) -> str:
    """A date as the issuer writes it: 令和8年4月1日 or 2026年4月1日."""
    return wareki(day) if calendar == CalendarStyle.WAREKI else seireki(day)


def fill_placeholders(template: str, values: dict[str, str]) -> str:
    """Put the snapshot's values in the wording; unknown names were refused when it was saved."""
    return PLACEHOLDER_RE.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def verify_url(code: str) -> str:
    """The public page that says whether this certificate is valid, as printed on it."""
    # Spelt out, not reversed: the printed link must stay the same whatever the routes become.
    return f"{settings.SITE_URL.rstrip('/')}/verify/{code}/"


def qr_svg(url: str) -> str:
    """The verify URL as an inline SVG QR code (no file, nothing for the fetcher to fetch)."""
    return segno.make(url, error="m").svg_inline(scale=3, border=2, omitsize=True)


@dataclass(frozen=True)
class CertificateContent:
    """Everything printed on one certificate, already frozen (or sample data for the preview)."""

    title: str
    body: str
    holder_name: str
    number: str
    issued_on_text: str
    issuer_line: str
    code: str
    seal_name: str = ""
    sample: bool = False


def certificate_html(content: CertificateContent) -> str:
    """The certificate as HTML for WeasyPrint."""
    url = verify_url(content.code)
    return render_to_string(
        "certificates/certificate_pdf.html",
        {
            "c": content,
            "paragraphs": [part.strip() for part in content.body.split("\n\n") if part.strip()],
            "verify_url": url,
            "qr": mark_safe(qr_svg(url)),  # noqa: S308 - segno's own SVG, no user text in it
            "seal_url": f"{SEAL_PREFIX}{content.seal_name}" if content.seal_name else "",
        },
    )


def certificate_pdf(content: CertificateContent) -> bytes:
    """Render the certificate's PDF (unsigned)."""
    return render_pdf(certificate_html(content), CertificateURLFetcher())
