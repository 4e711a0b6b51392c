"""Demo 修了証: issuer profiles for 大分県 and 高知県 with seals drawn here, and one issued certificate.

trainee.oita is left incomplete on purpose (the browser flow completes them), so the
certificate goes to trainee3.oita (支援 美咲): the seeder marks their open steps done
through assessments' own override service, as an administrator would, and issues.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.models import Prefecture, User
from certificates import services, signing
from certificates.models import CertificateStatus, IssuerProfile

#: Gets the demo certificate; complete through the override service with this reason.
CERTIFIED_TRAINEE = "trainee3.oita@example.jp"
DEMO_REASON = "デモ用: 研修の全日程に出席し課題を提出済み（紙の記録で確認）"
SEAL_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"

PROFILES = {
    "oita": {
        "issuer_line": "大分県知事　大分　太郎（デモ）",
        "number_format": "大分伝第{年度}-{連番}号",
        "seal_text": ("大分県", "知事印"),
    },
    "kochi": {
        "issuer_line": "高知県子ども・福祉政策部長　高知　花子（デモ）",
        "number_format": "高知伝第{年度}-{連番}号",
        "seal_text": ("高知県", "部長印"),
    },
}


def demo_seal_png(lines: tuple[str, ...], size: int = 360) -> bytes:
    """A made-up seal: a red ring with the text inside (never a real 公印)."""
    from PIL import Image, ImageDraw, ImageFont

    red = (200, 30, 30, 255)
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    inset = size // 24
    draw.ellipse((inset, inset, size - inset, size - inset), outline=red, width=size // 18)
    font = ImageFont.truetype(SEAL_FONT, size // 5)
    step = size // 4
    top = size // 2 - step * len(lines) // 2
    for index, line in enumerate(lines):
        draw.text(
            (size // 2, top + index * step + step // 2), line, font=font, fill=red, anchor="mm"
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _profile(prefecture: Prefecture, spec: dict) -> IssuerProfile:
    admin = User.objects.get(email=f"admin.{prefecture.slug}@example.jp")
    existing = IssuerProfile.objects.filter(prefecture=prefecture).first()
    if existing is not None and existing.seal:
        return existing
    seal = SimpleUploadedFile("seal.png", demo_seal_png(spec["seal_text"]), "image/png")
    return services.issuer_profile_save(
        prefecture=prefecture,
        by=admin,
        issuer_line=spec["issuer_line"],
        title="修了証",
        wording=(
            "{氏名} 殿\n\n"
            "あなたは{プログラム}（{研修の回}）の全課程を修了したことを証します。\n\n"
            "修了日　{修了日}"
        ),
        number_format=spec["number_format"],
        calendar="wareki",
        seal=seal,
    )


def _certify(prefecture: Prefecture) -> None:
    from assessments.selectors import completion
    from assessments.services.completion import completion_override
    from courses.models import Enrollment

    admin = User.objects.get(email=f"admin.{prefecture.slug}@example.jp")
    enrollment = (
        Enrollment.objects.filter(trainee__email=CERTIFIED_TRAINEE, cohort__prefecture=prefecture)
        .order_by("pk")
        .first()
    )
    if enrollment is None:
        return
    if enrollment.certificates.filter(status=CertificateStatus.VALID).exists():
        return
    for state in completion.completion_status(enrollment).open_steps:
        completion_override(
            enrollment=enrollment, step_key=state.step.key, reason=DEMO_REASON, by=admin
        )
    enrollment.refresh_from_db()
    services.certificate_issue(enrollment=enrollment, by=admin)


@transaction.atomic
def seed(*, password: str) -> list:
    """Signing keys, the two issuer profiles and trainee3.oita's certificate; safe to run again."""
    for slug, spec in PROFILES.items():
        prefecture = Prefecture.objects.get(slug=slug)
        signing.keypair_create(prefecture)
        _profile(prefecture, spec)
    _certify(Prefecture.objects.get(slug="oita"))
    return []
