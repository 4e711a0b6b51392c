"""修了証: each prefecture's issuer profile, the issued certificates, their numbering and audit."""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Prefecture
from accounts.scoping import PrefectureScopedQuerySet
from base.validators import validate_multiline, validate_single_line
from certificates.storage import certificate_storage
from courses.models import Enrollment

#: The largest 公印 image accepted, in bytes (form, service and template say the same).
SEAL_MAX_BYTES = 1024 * 1024
#: A seal larger than this on either side is refused: it would only bloat every PDF.
SEAL_MAX_PIXELS = 2000
#: Placeholders the wording may use, each filled from the certificate's snapshot.
WORDING_PLACEHOLDERS = ("氏名", "ふりがな", "プログラム", "研修の回", "修了日", "発行日")
#: Placeholders of the number format; {連番} is required.
NUMBER_PLACEHOLDERS = ("年度", "連番")
SERIAL_PLACEHOLDER = "連番"
#: 連番 is written with at least this many digits: 第8-0012号.
SERIAL_DIGITS = 4
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
#: A revoke or reissue reason is at most this long.
REASON_MAX_LENGTH = 500

DEFAULT_TITLE = "修了証"
DEFAULT_WORDING = (
    "{氏名} 殿\n\n"
    "あなたは{プログラム}（{研修の回}）の全課程を修了したことを証します。\n\n"
    "修了日　{修了日}"
)
DEFAULT_NUMBER_FORMAT = "第{年度}-{連番}号"


class CalendarStyle(models.TextChoices):
    """How the certificate writes its dates."""

    WAREKI = "wareki", _("和暦（令和8年4月1日）")
    SEIREKI = "seireki", _("西暦（2026年4月1日）")


class IssuerProfile(models.Model):
    """How one prefecture issues its 修了証: issuer line, wording, 公印, numbering and calendar."""

    prefecture = models.OneToOneField(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="certificate_issuer",
        verbose_name=_("都道府県"),
    )
    issuer_line = models.CharField(
        _("発行者"),
        max_length=100,
        validators=[validate_single_line],
        help_text=_("例: 大分県知事 ○○ ○○"),
    )
    title = models.CharField(
        _("表題"), max_length=50, default=DEFAULT_TITLE, validators=[validate_single_line]
    )
    wording = models.TextField(
        _("本文"), max_length=1000, default=DEFAULT_WORDING, validators=[validate_multiline]
    )
    seal = models.FileField(
        _("公印（PNG）"), storage=certificate_storage, upload_to="seals/", blank=True
    )
    number_format = models.CharField(
        _("番号の書式"),
        max_length=50,
        default=DEFAULT_NUMBER_FORMAT,
        validators=[validate_single_line],
        help_text=_("例: 大分伝第{年度}-{連番}号"),
    )
    calendar = models.CharField(
        _("日付の書き方"),
        max_length=10,
        choices=CalendarStyle.choices,
        default=CalendarStyle.WAREKI,
    )
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    prefecture_field = "prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("修了証の発行者設定")
        verbose_name_plural = _("修了証の発行者設定")

    def __str__(self) -> str:
        return f"{self.prefecture.name}: {self.issuer_line}"


class CertificateSequence(models.Model):
    """The last 連番 used by one prefecture in one 年度; locked while a number is taken."""

    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="+", verbose_name=_("都道府県")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    last_serial = models.PositiveIntegerField(_("最後の連番"), default=0)
    #: The draft ticket of the last issue that drew one (services._predicted_serial);
    #: None until then.
    last_ticket = models.PositiveIntegerField(_("最後の連番の順番札"), null=True, blank=True)

    prefecture_field = "prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("修了証の連番")
        verbose_name_plural = _("修了証の連番")
        constraints = [
            models.UniqueConstraint(
                fields=["prefecture", "fiscal_year"], name="certificate_sequence_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefecture_id}/{self.fiscal_year}: {self.last_serial}"


class CertificateStatus(models.TextChoices):
    """Where an issued certificate stands."""

    VALID = "valid", _("有効")
    REVOKED = "revoked", _("失効")
    REISSUED = "reissued", _("再発行済み")


def certificate_pdf_path(certificate: "Certificate", filename: str) -> str:
    """Issued PDFs are filed by prefecture and 年度, named by their code (never guessable)."""
    return f"issued/{certificate.prefecture.code}/{certificate.fiscal_year}/{certificate.code}.pdf"


class Certificate(models.Model):
    """An issued 修了証: a frozen record of what was certified and the PDF that was handed out.

    Every field a reader sees is copied at issue, so renaming or removing the program,
    the cohort or the person later changes nothing here; the PDF is never rendered again.
    """

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("受講登録"),
    )
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("都道府県"),
    )
    holder_name = models.CharField(_("氏名"), max_length=100)
    holder_furigana = models.CharField(_("ふりがな"), max_length=100, blank=True)
    program_title = models.CharField(_("プログラム"), max_length=255)
    cohort_title = models.CharField(_("研修の回"), max_length=200)
    completed_on = models.DateField(_("修了日"))
    issued_on = models.DateField(_("発行日"))
    issuer_line = models.CharField(_("発行者"), max_length=100)
    title = models.CharField(_("表題"), max_length=50)
    body = models.TextField(_("本文"))
    calendar = models.CharField(_("日付の書き方"), max_length=10, choices=CalendarStyle.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("連番"))
    number = models.CharField(_("番号"), max_length=80)
    code = models.CharField(_("確認コード"), max_length=20, unique=True)
    sha256 = models.CharField(_("PDFのSHA-256"), max_length=64)
    pdf = models.FileField(
        _("PDF"), storage=certificate_storage, upload_to=certificate_pdf_path, max_length=200
    )
    signed = models.BooleanField(_("電子署名"), default=False)
    status = models.CharField(
        _("状態"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    issued_at = models.DateTimeField(_("発行日時"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("発行した人"),
    )
    revoked_at = models.DateTimeField(_("失効日時"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("失効させた人"),
    )
    revoke_reason = models.TextField(_("失効・再発行の理由"), blank=True)
    superseded_by = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("再発行後の修了証"),
    )

    prefecture_field = "prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("修了証")
        verbose_name_plural = _("修了証")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # Two clicks or two workers can never leave a trainee with two valid certificates.
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(status="valid"),
                name="certificate_one_valid_per_enrollment",
            ),
            models.UniqueConstraint(
                fields=["prefecture", "fiscal_year", "serial"],
                name="certificate_serial_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name}"

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID


class CertificateAction(models.TextChoices):
    """What happened, in the audit list."""

    ISSUED = "issued", _("発行")
    REVOKED = "revoked", _("失効")
    REISSUED = "reissued", _("再発行")
    PROFILE_SAVED = "profile_saved", _("発行者設定の変更")


class CertificateEvent(models.Model):
    """One line of the audit list: who did what to which certificate (or to the profile), and why."""

    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="+", verbose_name=_("都道府県")
    )
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("修了証"),
    )
    action = models.CharField(_("操作"), max_length=20, choices=CertificateAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("操作した人"),
    )
    # Kept as text too, so the list still says who after the account is removed.
    actor_name = models.CharField(_("操作した人の氏名"), max_length=100, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    at = models.DateTimeField(_("日時"), auto_now_add=True)

    prefecture_field = "prefecture"
    objects = PrefectureScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("修了証の操作記録")
        verbose_name_plural = _("修了証の操作記録")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


# The bulk issue's bookkeeping lives in its own module; imported here so Django loads it.
from certificates.bulk_models import BulkIssueFailure, BulkIssueRun  # noqa: E402, F401
