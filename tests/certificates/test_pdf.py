"""The issued PDF: A4, an embedded subset Noto Serif CJK, rare kanji read back, the seal,
the QR code and the verify link; and a renderer that never fetches anything outside."""

import io

import pytest
import segno
from pypdf import PdfReader

from certificates import services
from certificates.demo import demo_seal_png
from certificates.pdf import CertificateContent, CertificateURLFetcher, certificate_pdf
from workshops.pdf import ForbiddenResource, render_pdf

pytestmark = pytest.mark.django_db

A4_POINTS = (595.28, 841.89)


@pytest.fixture
def issued(oita, issuer, admin_of, complete_trainee):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = admin_of(oita)
    seal = SimpleUploadedFile("seal.png", demo_seal_png(("大分県", "之印")), "image/png")
    issuer(oita, admin=admin, seal=seal)
    _trainee, enrollment = complete_trainee(oita, full_name="𠮷田 𠮟子")
    certificate = services.certificate_issue(enrollment=enrollment, by=admin)
    return certificate, PdfReader(io.BytesIO(services.pdf_bytes(certificate)))


def _fonts(reader: PdfReader) -> list[dict]:
    fonts = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        fonts.append(
            {
                "name": str(font["/BaseFont"]),
                "descriptor": descendant["/FontDescriptor"].get_object(),
                "to_unicode": font["/ToUnicode"].get_object().get_data().decode("latin-1"),
            }
        )
    return fonts


def test_the_pdf_is_one_a4_page(issued):
    _certificate, reader = issued
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (
        round(A4_POINTS[0], 1),
        round(A4_POINTS[1], 1),
    )


def test_rare_kanji_are_in_the_text_and_the_font_map(issued):
    certificate, reader = issued
    text = reader.pages[0].extract_text()
    assert "𠮷田 𠮟子" in text
    assert certificate.number in text
    assert "令和8年12月18日" in text
    assert "大分県知事　山田　太郎" in text.replace(" ", "　") or "山田" in text
    # The ToUnicode maps name U+20BB7 and U+20B9F as UTF-16 surrogate pairs.
    maps = "".join(font["to_unicode"] for font in _fonts(reader)).upper()
    assert "D842DFB7" in maps.replace("<", "").replace(">", "").replace(" ", "")
    assert "D842DF9F" in maps.replace("<", "").replace(">", "").replace(" ", "")


def test_the_japanese_serif_is_embedded_as_a_subset(issued):
    _certificate, reader = issued
    fonts = _fonts(reader)
    assert fonts
    # IPAex Mincho draws the text; Noto Serif CJK only what IPAex lacks (𠮷).
    assert any("Noto-Serif-CJK-JP" in font["name"] for font in fonts)
    for font in fonts:
        assert "IPAexMincho" in font["name"] or "Noto-Serif-CJK-JP" in font["name"]
        # A subset's name starts with six capital letters and a plus: ABCDEF+Name.
        prefix = font["name"].lstrip("/").split("+")[0]
        assert len(prefix) == 6 and prefix.isupper()
        descriptor = font["descriptor"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_the_verify_link_is_clickable_and_printed(issued):
    certificate, reader = issued
    url = f"https://tsunagu.example.jp/verify/{certificate.code}/"
    assert url in reader.pages[0].extract_text().replace("\n", "")
    links = [
        annotation.get_object()["/A"]["/URI"]
        for annotation in reader.pages[0].get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    assert url in links


def test_rare_kanji_come_from_a_small_font_cut_for_them(issued):
    certificate, reader = issued
    rare = [font for font in _fonts(reader) if "Noto-Serif-CJK-JP-Rare" in font["name"]]
    assert len(rare) == 1
    # Noto itself, embedded for 𠮷 and 𠮟 with its glyph numbers kept, made this 130 KB.
    assert certificate.pdf.size < 80 * 1024  # the issue's aim for every certificate


def test_the_seal_image_is_placed(issued):
    _certificate, reader = issued
    sizes = sorted(image.image.size for image in reader.pages[0].images)
    assert (360, 360) in sizes  # the seal, beside the QR code
    assert len(sizes) == 2


def test_the_qr_code_holds_the_verify_url(issued):
    certificate, reader = issued
    url = f"https://tsunagu.example.jp/verify/{certificate.code}/"
    expected = segno.make(url, error="m")
    side = expected.symbol_size(scale=1, border=2)[0]
    (qr,) = [image.image for image in reader.pages[0].images if image.image.size == (side, side)]
    pixels = qr.convert("1")
    dark = [[pixels.getpixel((x, y)) == 0 for x in range(2, side - 2)] for y in range(2, side - 2)]
    assert dark == [[bool(module) for module in row] for row in expected.matrix]


def test_the_fetcher_refuses_outside_urls(settings):
    fetcher = CertificateURLFetcher()
    for url in (
        "http://example.com/x.png",
        "https://example.com/x.png",
        "file:///etc/passwd",
        "seal:../../etc/passwd",
        "seal:seals/../../secret.png",
        "seal:issued/44/2026/ABCD-EFGH-JKMN.pdf",
        "static:../config/settings.py",
        "data:text/html;base64,PGgxPng8L2gxPg==",
        "data:image/svg+xml,<svg/>",
        "rare:00000000000000000000000000000000",
    ):
        with pytest.raises(ForbiddenResource):
            fetcher.fetch(url)


def test_rendering_never_fetches_an_outside_image(monkeypatch):
    import urllib.request

    fetched = []

    def refuse(self, *args, **kwargs):  # any network open at all is a failure
        fetched.append(args)
        raise AssertionError("the renderer tried the network")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    asked = []

    class Recording(CertificateURLFetcher):
        def fetch(self, url, headers=None):
            asked.append(url)
            return super().fetch(url, headers)

    html = '<html><body><p>本文</p><img src="http://example.com/x.png" alt=""></body></html>'
    pdf = render_pdf(html, Recording())
    assert pdf.startswith(b"%PDF-")
    assert asked == ["http://example.com/x.png"]
    assert fetched == []
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 0


def test_a_name_without_rare_kanji_stays_small():
    content = CertificateContent(
        title="修了証",
        body="山田 花子 殿\n\nあなたは相談支援従事者初任者研修の全課程を修了したことを証します。",
        holder_name="山田 花子",
        number="大分伝第8-0001号",
        issued_on_text="令和8年12月2日",
        issuer_line="大分県知事　山田　太郎",
        code="ABCD-EFGH-JKMN",
    )
    pdf = certificate_pdf(content)
    names = [
        str(font.get_object()["/BaseFont"])
        for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()
    ]
    assert all("IPAexMincho" in name for name in names)
    assert len(pdf) < 80 * 1024


def test_a_placeholder_in_a_name_is_printed_as_typed():
    content = CertificateContent(
        title="修了証",
        body="<b>{氏名}</b> 殿",
        holder_name="<script>",
        number="第8-0001号",
        issued_on_text="令和8年4月1日",
        issuer_line="知事",
        code="ABCD-EFGH-JKMN",
    )
    text = PdfReader(io.BytesIO(certificate_pdf(content))).pages[0].extract_text()
    assert "<b>{氏名}</b> 殿" in text
