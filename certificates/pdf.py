"""The 修了証 PDF: A4, the 公印 over the issuer line, a QR code and the verify link.

Set in IPAex Mincho, whose embedded subset stays near 10 KB, with Noto Serif CJK for
the characters IPAex lacks (𠮷 and the like), so no name ever loses a character. Those
few glyphs come from a small font cut here from Noto (rare_font): WeasyPrint keeps
a subset's glyph numbers, and 𠮷 sits near the end of Noto's 65,000, so embedding Noto
itself cost over 100 KB of empty glyph slots per PDF.

Rendered by WeasyPrint through workshops' restricted fetcher, widened only to the
issuer's own seal and the QR image made here, so nothing a trainee or administrator typed can make the renderer
read another file or call another server.
"""

import base64
import hashlib
import io
import subprocess
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import PurePosixPath

import segno
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint.urls import URLFetcherResponse

from certificates.models import PLACEHOLDER_RE, CalendarStyle
from certificates.storage import certificate_storage
from certificates.wareki import seireki, wareki
from workshops.pdf import STATIC_PREFIX, ForbiddenResource, ProjectURLFetcher

SEAL_PREFIX = "seal:"
SEAL_FOLDER = "seals"
#: The QR code is handed to WeasyPrint inline, as the only data: URL the fetcher accepts.
QR_PREFIX = "data:image/png;base64,"
RARE_PREFIX = "rare:"
#: The @font-face family of the glyphs cut from Noto Serif CJK JP for one certificate.
RARE_FAMILY = "Noto Serif CJK JP Rare"
#: Cut fonts kept per process, by the characters they hold (names repeat within a cohort).
RARE_FONTS_KEPT = 256
_rare_fonts: OrderedDict[str, bytes] = OrderedDict()
_rare_lock = threading.Lock()


@lru_cache
def _font_file(family: str) -> tuple[str, int]:
    """The file and face index fontconfig (and so WeasyPrint) uses for `family`."""
    found = subprocess.run(
        ["fc-match", "-f", "%{file}:%{index}", family],
        capture_output=True,
        text=True,
        check=True,
        timeout=10,
    ).stdout
    path, _sep, index = found.rpartition(":")
    return path, int(index or 0)


@lru_cache
def _main_font_characters() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    path, index = _font_file("IPAexMincho")
    return frozenset(TTFont(path, fontNumber=index, lazy=True).getBestCmap())


def _cut_rare_font(characters: str) -> bytes | None:
    """Noto Serif CJK JP's glyphs for `characters` alone, renumbered from 1 (fontTools)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path, index = _font_file("Noto Serif CJK JP")
    font = TTFont(path, fontNumber=index)
    if not set(map(ord, characters)) & set(font.getBestCmap()):
        return None
    options = subset.Options()
    options.layout_features = []
    options.desubroutinize = True
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    # Its own family name, so fontconfig never takes it for the whole of Noto.
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = RARE_FAMILY
        elif record.nameID == 6:
            record.string = RARE_FAMILY.replace(" ", "-")
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def rare_font(text: str) -> str:
    """The `rare:` URL of a font for the characters of `text` IPAex lacks, or "" if none."""
    main = _main_font_characters()
    missing = "".join(sorted({c for c in text if ord(c) not in main and not c.isspace()}))
    if not missing:
        return ""
    key = hashlib.sha256(missing.encode()).hexdigest()[:32]
    with _rare_lock:
        if key in _rare_fonts:
            _rare_fonts.move_to_end(key)
            return RARE_PREFIX + key
    font = _cut_rare_font(missing)
    if font is None:
        return ""
    with _rare_lock:
        _rare_fonts[key] = font
        while len(_rare_fonts) > RARE_FONTS_KEPT:
            _rare_fonts.popitem(last=False)
    return RARE_PREFIX + key


class CertificateURLFetcher(ProjectURLFetcher):
    """The project's static files, plus `seal:seals/<name>.png` from the certificate storage."""

    def fetch(self, url, headers=None):
        if url.startswith(QR_PREFIX):
            # Made by qr_png below, never from text anyone typed: it reads nothing.
            body = base64.b64decode(url[len(QR_PREFIX) :], validate=True)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": "image/png"})
        if url.startswith(RARE_PREFIX):
            with _rare_lock:
                font = _rare_fonts.get(url[len(RARE_PREFIX) :])
            if font is None:
                raise ForbiddenResource(url)
            return URLFetcherResponse(url, body=font, headers={"Content-Type": "font/otf"})
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


def qr_png(url: str) -> str:
    """The verify URL as a QR code: a PNG of one pixel per module, as a data: URL.

    One pixel per module (scaled up in the PDF without smoothing) is a few hundred
    bytes, and WeasyPrint places an image far faster than it draws the SVG path.
    """
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=1, border=2)
    return QR_PREFIX + base64.b64encode(buffer.getvalue()).decode("ascii")


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
            "qr_url": qr_png(url),
            "rare_font_url": rare_font(
                " ".join(
                    (
                        content.title,
                        content.body,
                        content.holder_name,
                        content.number,
                        content.issued_on_text,
                        content.issuer_line,
                    )
                )
            ),
            "seal_url": f"{SEAL_PREFIX}{content.seal_name}" if content.seal_name else "",
        },
    )


_local = threading.local()


def _font_config():
    """This thread's WeasyPrint font configuration, made once and kept.

    A new one per PDF (WeasyPrint's default) sets up Pango's font map and reloads the
    faces every time, about a quarter of the render. Kept per thread, as Pango's font
    map is not safe to share between threads; certificates use no @font-face, so
    nothing from one PDF is left in it for the next.
    """
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


def certificate_pdf(content: CertificateContent) -> bytes:
    """Render the certificate's PDF (unsigned)."""
    from weasyprint import HTML

    html = HTML(
        string=certificate_html(content),
        base_url=STATIC_PREFIX,
        url_fetcher=CertificateURLFetcher(),
    )
    return html.write_pdf(font_config=_font_config())
