"""Writes about 修了証: the issuer profile, issuing, revoking and reissuing, each in the audit list."""

import contextlib
import contextvars
import hashlib
import secrets
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Prefecture, User
from assessments.selectors import completion as completion_selectors
from base.validators import text_problem
from certificates import permissions
from certificates.models import (
    NUMBER_PLACEHOLDERS,
    PLACEHOLDER_RE,
    REASON_MAX_LENGTH,
    SEAL_MAX_BYTES,
    SEAL_MAX_PIXELS,
    SERIAL_DIGITS,
    SERIAL_PLACEHOLDER,
    WORDING_PLACEHOLDERS,
    CalendarStyle,
    Certificate,
    CertificateAction,
    CertificateEvent,
    CertificateSequence,
    CertificateStatus,
    IssuerProfile,
)
from certificates.pdf import CertificateContent, certificate_pdf, date_text, fill_placeholders
from certificates.signing import SigningKeyMissing, sign_pdf
from certificates.storage import certificate_storage
from certificates.wareki import fiscal_year_label, fiscal_year_of
from courses.models import Enrollment

#: Letters and digits that cannot be misread aloud or on paper: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4
#: The code as printed: ABCD-EFGH-JKMN (about 59 bits of randomness).
CODE_LENGTH = CODE_GROUPS * CODE_GROUP_LENGTH + CODE_GROUPS - 1


class CertificateError(Exception):
    """A certificate change was refused; `code` names the refusal, the message is shown as it is."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _by_key(query: QuerySet):
    """The one row of a query by a unique key, or None.

    .first() would order it (by pk, or the model's ordering), and compiling that order
    was a visible part of the ORM's time on each issue (py-spy), for a query that has
    one row at most.
    """
    rows = list(query.order_by()[:1])
    return rows[0] if rows else None


def new_code() -> str:
    """A fresh verification code, ABCD-EFGH-JKMN, from the secrets module."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _letter in range(CODE_GROUP_LENGTH))
        for _group in range(CODE_GROUPS)
    )
    return "-".join(groups)


#: How long the tickets of a 年度's line of drafts are counted from its first draft (seconds).
DRAFTING_TIMEOUT = 600
#: How long a draft waits for the issue before it in line to take its number (see _wait_turn).
TURN_WAIT_SECONDS = 0.25
TURN_POLL_SECONDS = 0.005

#: The PDF files written inside the innermost _removed_if_rolled_back block.
_written_pdfs: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "certificate_pdfs_written", default=None
)


@contextmanager
def _removed_if_rolled_back():
    """Delete the PDFs written inside the block when it fails, as its rows are rolled back.

    Wrapped around a transaction.atomic block: the file is written inside the
    transaction (so a committed certificate always has its file), and a failure that
    leaves the block takes its file with it, so no PDF is left that no record names.
    Django has no on_rollback hook, hence the exception is the signal.
    """
    written: list[str] = []
    token = _written_pdfs.set(written)
    try:
        yield
    except BaseException:
        for name in written:
            certificate_storage.delete(name)
        raise
    finally:
        _written_pdfs.reset(token)
    outer = _written_pdfs.get()
    if outer is not None:  # an enclosing block may still fail and roll these rows back
        outer.extend(written)


# --- the issuer profile ---


def placeholders_problem(text: str, allowed: tuple[str, ...], *, field: str) -> str | None:
    """Why a text's {placeholders} cannot be filled, or None when every one is known."""
    unknown = [name for name in PLACEHOLDER_RE.findall(text) if name not in allowed]
    if unknown:
        return _(
            "%(field)sに使えない差し込み項目があります: %(unknown)s。使えるのは %(allowed)s です。"
        ) % {
            "field": field,
            "unknown": "、".join("{" + name + "}" for name in dict.fromkeys(unknown)),
            "allowed": "、".join("{" + name + "}" for name in allowed),
        }
    if text.count("{") != text.count("}"):
        return _("%(field)sの { と } の数が合いません。") % {"field": field}
    return None


def number_format_problem(number_format: str) -> str | None:
    """Why a number format cannot number certificates, or None."""
    problem = placeholders_problem(number_format, NUMBER_PLACEHOLDERS, field=_("番号の書式"))
    if problem:
        return problem
    if PLACEHOLDER_RE.findall(number_format).count(SERIAL_PLACEHOLDER) != 1:
        return _(
            "番号の書式には {連番} をちょうど1つ入れてください（例: 大分伝第{年度}-{連番}号）。"
        )
    return None


def seal_problem(upload) -> str | None:
    """Why an uploaded file cannot be the 公印, or None: a real PNG of a sensible size."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > SEAL_MAX_BYTES:
        return _("公印の画像は%(max)sKB以下にしてください（いま%(size)sKB）。") % {
            "max": SEAL_MAX_BYTES // 1024,
            "size": -(-upload.size // 1024),
        }
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head != b"\x89PNG\r\n\x1a\n":
        return _("公印はPNG形式の画像にしてください（ファイル名ではなく中身がPNGではありません）。")
    try:
        with Image.open(upload) as image:
            image.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format != "PNG":
                return _("公印はPNG形式の画像にしてください。")
            width, height = image.size
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return _("公印の画像を読み取れません。壊れていないPNGを選んでください。")
    finally:
        upload.seek(0)
    if width > SEAL_MAX_PIXELS or height > SEAL_MAX_PIXELS:
        return _("公印の画像は縦横%(max)sピクセル以内にしてください。") % {"max": SEAL_MAX_PIXELS}
    return None


def _event(*, prefecture, action: str, by: User, certificate=None, reason: str = "") -> None:
    CertificateEvent.objects.create(
        prefecture=prefecture,
        certificate=certificate,
        action=action,
        actor=by,
        actor_name=(by.full_name or by.email)[:100],
        reason=reason,
    )


def _require_admin(by: User, prefecture: Prefecture) -> None:
    if not permissions.can_administer(by, prefecture):
        raise CertificateError(
            "forbidden", _("%(name)sの担当者だけが修了証を扱えます。") % {"name": prefecture.name}
        )


def _clean_line(value, *, field: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        raise CertificateError("invalid", _("%(field)sを入力してください。") % {"field": field})
    if len(value) > max_length:
        raise CertificateError(
            "invalid",
            _("%(field)sは%(max)s文字以内にしてください。") % {"field": field, "max": max_length},
        )
    problem = text_problem(value)
    if problem:
        raise CertificateError("invalid", f"{field}: {problem}")
    return value


@transaction.atomic
def issuer_profile_save(
    *,
    prefecture: Prefecture,
    by: User,
    issuer_line: str,
    title: str,
    wording: str,
    number_format: str,
    calendar: str,
    seal=None,
) -> IssuerProfile:
    """Create or change the prefecture's issuer profile; certificates already issued keep theirs."""
    _require_admin(by, prefecture)
    issuer_line = _clean_line(issuer_line, field=_("発行者"), max_length=100)
    title = _clean_line(title, field=_("表題"), max_length=50)
    number_format = _clean_line(number_format, field=_("番号の書式"), max_length=50)
    wording = (wording or "").replace("\r\n", "\n").strip() if isinstance(wording, str) else ""
    if not wording:
        raise CertificateError("invalid", _("本文を入力してください。"))
    if len(wording) > 1000:
        raise CertificateError("invalid", _("本文は1000文字以内にしてください。"))
    for problem in (
        text_problem(wording, multiline=True),
        placeholders_problem(wording, WORDING_PLACEHOLDERS, field=_("本文")),
        number_format_problem(number_format),
    ):
        if problem:
            raise CertificateError("invalid", problem)
    if calendar not in CalendarStyle.values:
        raise CertificateError("invalid", _("日付の書き方を選んでください。"))
    if seal is not None:
        problem = seal_problem(seal)
        if problem:
            raise CertificateError("seal", problem)
    profile = IssuerProfile.objects.select_for_update().filter(
        prefecture=prefecture
    ).first() or IssuerProfile(prefecture=prefecture)
    profile.issuer_line, profile.title, profile.wording = issuer_line, title, wording
    profile.number_format, profile.calendar = number_format, calendar
    if seal is not None:
        # A new name each time: issued PDFs already hold the old image, and a cached
        # preview can never show the previous seal under the new name.
        name = f"{prefecture.code}-{uuid.uuid4().hex}.png"
        profile.seal.save(name, ContentFile(seal.read()), save=False)
    profile.save()
    _event(prefecture=prefecture, action=CertificateAction.PROFILE_SAVED, by=by)
    return profile


# --- numbering ---


def format_number(number_format: str, *, fiscal_year: int, serial: int, calendar: str) -> str:
    """The certificate number: 大分伝第8-0012号 from 大分伝第{年度}-{連番}号."""
    values = {
        "年度": fiscal_year_label(fiscal_year, japanese_era=calendar == CalendarStyle.WAREKI),
        "連番": str(serial).zfill(SERIAL_DIGITS),
    }
    return fill_placeholders(number_format, values)


def _next_serial(prefecture: Prefecture, fiscal_year: int, *, ticket: int | None) -> int:
    """Take the next 連番 of the prefecture's 年度, holding its row until the issue commits.

    The row lock makes concurrent issues wait in line, and a failed issue rolls its
    number back with it, so the numbers stay gapless. One UPDATE … RETURNING takes the
    lock and the number together: a SELECT … FOR UPDATE and a save were two round trips
    inside the lock every other issue of the 年度 waits on. The ORM has no UPDATE …
    RETURNING; SQLite (3.35+) and PostgreSQL both speak it. The draft's `ticket` is
    kept beside the number for the drafts in line after it (_predicted_serial). An
    issue that drew none (a reissue, a second try) keeps the ticket before it: the
    drafts in line then expect one number more, which is what they will get.
    """
    serial = _taken_serial(prefecture, fiscal_year, ticket)
    if serial is None:  # the 年度's first certificate
        # Another issue may make the row at the same moment; then that row is the one.
        with contextlib.suppress(IntegrityError), transaction.atomic():
            CertificateSequence.objects.create(prefecture=prefecture, fiscal_year=fiscal_year)
        serial = _taken_serial(prefecture, fiscal_year, ticket)
    return serial


def _taken_serial(prefecture: Prefecture, fiscal_year: int, ticket: int | None) -> int | None:
    """Add one to the 年度's 連番, keep the ticket (if any), return the 連番; None if no row yet."""
    quote = connection.ops.quote_name
    table = quote(CertificateSequence._meta.db_table)
    last = quote(CertificateSequence._meta.get_field("last_serial").column)
    last_ticket = quote(CertificateSequence._meta.get_field("last_ticket").column)
    owner = quote(CertificateSequence._meta.get_field("prefecture").column)
    year = quote(CertificateSequence._meta.get_field("fiscal_year").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + 1, "  # noqa: S608
            f"{last_ticket} = COALESCE(%s, {last_ticket}) "
            f"WHERE {owner} = %s AND {year} = %s RETURNING {last}",
            [ticket, prefecture.pk, fiscal_year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


# --- issuing ---


def sample_content(profile: IssuerProfile, *, today: date | None = None) -> CertificateContent:
    """What the preview shows: the profile as it is, with a made-up trainee."""
    today = today or timezone.localdate()
    values = {
        "氏名": _("見本 𠮷子"),
        "ふりがな": _("みほん よしこ"),
        "プログラム": _("相談支援従事者初任者研修（見本）"),
        "研修の回": _("令和8年度 第1回（見本）"),
        "修了日": date_text(today, profile.calendar),
        "発行日": date_text(today, profile.calendar),
    }
    return CertificateContent(
        title=profile.title,
        body=fill_placeholders(profile.wording, values),
        holder_name=values["氏名"],
        number=format_number(
            profile.number_format,
            fiscal_year=fiscal_year_of(today),
            serial=1,
            calendar=profile.calendar,
        ),
        issued_on_text=date_text(today, profile.calendar),
        issuer_line=profile.issuer_line,
        code="SAMP-LEAB-CDEF",
        seal_name=profile.seal.name or "",
        sample=True,
    )


def preview_pdf(*, profile: IssuerProfile, by: User) -> bytes:
    """The real PDF with sample data; not signed, so it can never pass for an issued one."""
    _require_admin(by, profile.prefecture)
    return certificate_pdf(sample_content(profile))


def _locked_enrollment(enrollment: Enrollment) -> Enrollment:
    locked = _by_key(
        # Only the enrollment's row: FOR UPDATE alone also locks the joined cohort,
        # program and prefecture, so every issue of a cohort queued on its cohort row.
        Enrollment.objects.select_for_update(of=("self",))
        .filter(pk=enrollment.pk)
        .select_related("trainee", "cohort", "cohort__program", "cohort__prefecture")
    )
    if locked is None:
        raise CertificateError("missing", _("この受講登録は見つかりません。"))
    return locked


def _profile_of(prefecture: Prefecture) -> IssuerProfile:
    profile = _by_key(IssuerProfile.objects.filter(prefecture=prefecture))
    if profile is None:
        raise CertificateError(
            "no_profile",
            _(
                "%(name)sの発行者設定がまだありません。先に発行者・表題・番号の書式を設定してください。"
            )
            % {"name": prefecture.name},
        )
    return profile


def _holder_name(enrollment: Enrollment) -> str:
    holder_name = (enrollment.trainee.full_name or "").strip()
    if not holder_name:
        raise CertificateError("no_name", _("受講者の氏名が登録されていないため発行できません。"))
    return holder_name


def _completed_on(enrollment: Enrollment, issued_on: date) -> date:
    completed_at = enrollment.completed_at
    return timezone.localdate(completed_at) if completed_at else issued_on


def _content(
    *, enrollment: Enrollment, profile: IssuerProfile, serial: int, code: str, issued_on: date
) -> CertificateContent:
    """What the certificate prints, from the enrollment and the profile as they are now."""
    holder_name = _holder_name(enrollment)
    fiscal_year = fiscal_year_of(issued_on)
    values = {
        "氏名": holder_name,
        "ふりがな": enrollment.trainee.furigana,
        "プログラム": enrollment.cohort.program.title,
        "研修の回": enrollment.cohort.title,
        "修了日": date_text(_completed_on(enrollment, issued_on), profile.calendar),
        "発行日": date_text(issued_on, profile.calendar),
    }
    return CertificateContent(
        title=profile.title,
        body=fill_placeholders(profile.wording, values),
        holder_name=holder_name,
        number=format_number(
            profile.number_format, fiscal_year=fiscal_year, serial=serial, calendar=profile.calendar
        ),
        issued_on_text=values["発行日"],
        issuer_line=profile.issuer_line,
        code=code,
        seal_name=profile.seal.name or "",
    )


def _signed_pdf(content: CertificateContent, prefecture: Prefecture) -> bytes:
    try:
        return sign_pdf(certificate_pdf(content), prefecture=prefecture)
    except SigningKeyMissing as exc:
        raise CertificateError(
            "no_key",
            _("%(name)sの署名鍵が設定されていないため発行できません（管理者へ連絡してください）。")
            % {"name": prefecture.name},
        ) from exc


@dataclass(frozen=True)
class _Draft:
    """A certificate rendered and signed before its number was taken, on a predicted number."""

    content: CertificateContent
    pdf: bytes
    #: Its place in the line of drafts of the prefecture's 年度 (see _predicted_serial).
    ticket: int
    #: The 連番 it was rendered with.
    serial: int
    #: The last 連番 taken, read with the enrollment just before its ticket was drawn:
    #: the draft is next in line if one less.
    committed: int
    #: The profile it was rendered with; the locked path prints from the same one.
    profile: IssuerProfile


def _ticket(prefecture: Prefecture, fiscal_year: int) -> int:
    """This draft's place in the line of drafts for the prefecture's 年度 (shared cache)."""
    key = f"certificates:drafting:{prefecture.pk}:{fiscal_year}:ticket"
    try:
        return cache.incr(key)  # one round trip once the line has begun
    except ValueError:  # the line's first draft, or the line expired
        if cache.add(key, 1, timeout=DRAFTING_TIMEOUT):
            return 1
    try:
        return cache.incr(key)  # another draft began it a moment before
    except ValueError:  # and it expired again meanwhile: a ticket only guides a guess
        return 1


def _predicted_serial(ticket: int, *, committed: int, committed_ticket: int | None) -> int:
    """The number a draft with this ticket will most likely be given.

    The last issue to take its number kept its ticket beside it (`committed`,
    `committed_ticket`, read with the enrollment); the drafts in line after it get the
    numbers after it. One that never takes a number (refused, or its worker stopped)
    only misleads the drafts already in line, until the next issue keeps a new pair:
    nothing is counted up and down that could drift for good.
    """
    if committed_ticket is not None and ticket > committed_ticket:
        return committed + ticket - committed_ticket
    return committed + 1


def _sequence_of(prefecture: Prefecture | OuterRef, fiscal_year: int) -> QuerySet:
    """The query of the prefecture's 年度's sequence row (prefecture may be an OuterRef)."""
    return CertificateSequence.objects.filter(prefecture=prefecture, fiscal_year=fiscal_year)


def _committed_serial(prefecture: Prefecture, fiscal_year: int) -> int:
    """The last 連番 taken of the prefecture's 年度, read without a lock."""
    return _by_key(_sequence_of(prefecture, fiscal_year).values_list("last_serial", flat=True)) or 0


def _wait_turn(draft: _Draft, prefecture: Prefecture, fiscal_year: int) -> None:
    """Wait a moment for the number before the draft's to be taken, so the draft gets its own.

    Drafts rendered side by side by several workers finish in any order: one that
    reached the lock before the draft ahead of it took that one's number, and both
    were rendered again under the lock (15 of 200 in bench.certificates, each holding
    up every other worker). The one ahead is nearly done, so the draft waits for it,
    a fraction of a render; if it never comes (refused, or its worker stopped), the
    draft goes on and the locked path renders again as before.
    """
    if draft.serial - 1 <= draft.committed:
        return  # next in line when predicted: nobody ahead to wait for
    deadline = time.monotonic() + TURN_WAIT_SECONDS
    while _committed_serial(prefecture, fiscal_year) < draft.serial - 1:
        if time.monotonic() > deadline:
            return
        time.sleep(TURN_POLL_SECONDS)


def _draft(
    enrollment: Enrollment, issued_on: date, *, committed: int, committed_ticket: int | None
) -> _Draft | None:
    """Render and sign the certificate outside the transaction, on the number it will likely get.

    The numbers are gapless, so they are taken one at a time under the sequence's row
    lock (and SQLite's write lock), and a render under that lock would make every issue
    of the prefecture's 年度 wait for the one before: with several task workers only one
    would ever render. So the PDF is made first, on the predicted number, and under the
    lock it is used only if what it prints is exactly what the locked rows give;
    otherwise it is rendered again there. A wrong guess costs one render, never a
    wrong certificate. None when anything is amiss: the locked path then gives the reason.
    `enrollment` comes with its prefecture's issuer profile (select_related), and
    `committed` and `committed_ticket` (the last 連番 taken and its draft's ticket)
    were read with it.
    """
    prefecture = enrollment.cohort.prefecture
    fiscal_year = fiscal_year_of(issued_on)
    try:
        # Selected with the enrollment by the caller, a moment ago.
        profile = prefecture.certificate_issuer
    except IssuerProfile.DoesNotExist:
        return None
    try:
        ticket = _ticket(prefecture, fiscal_year)
        serial = _predicted_serial(ticket, committed=committed, committed_ticket=committed_ticket)
        content = _content(
            enrollment=enrollment,
            profile=profile,
            serial=serial,
            code=new_code(),
            issued_on=issued_on,
        )
        draft = _Draft(
            content=content,
            pdf=_signed_pdf(content, prefecture),
            ticket=ticket,
            serial=serial,
            committed=committed,
            profile=profile,
        )
    except CertificateError:
        return None
    _wait_turn(draft, prefecture, fiscal_year)
    return draft


def _new_certificate(
    *, enrollment: Enrollment, by: User, issued_on: date, draft: _Draft | None = None
) -> Certificate:
    """Snapshot, number, render, sign and store one certificate (inside the caller's transaction)."""
    prefecture = enrollment.cohort.prefecture
    if draft is not None and draft.profile.prefecture_id != prefecture.pk:
        draft = None  # the cohort moved prefecture since: nothing of the draft holds
    # The profile is not locked, so one read a moment earlier is as current as one now.
    profile = draft.profile if draft is not None else _profile_of(prefecture)
    _holder_name(enrollment)  # refused before a number is taken
    fiscal_year = fiscal_year_of(issued_on)
    serial = _next_serial(prefecture, fiscal_year, ticket=draft.ticket if draft else None)
    # Unique in the database; the one draw in 2^59 that repeats one is drawn again
    # (certificate_issue_or_held).
    code = draft.content.code if draft is not None else new_code()
    content = _content(
        enrollment=enrollment, profile=profile, serial=serial, code=code, issued_on=issued_on
    )
    # The draft is the very PDF this content renders to, or it is not used.
    pdf = draft.pdf if draft is not None and draft.content == content else None
    if pdf is None:
        pdf = _signed_pdf(content, prefecture)
    certificate = Certificate(
        enrollment=enrollment,
        prefecture=prefecture,
        holder_name=content.holder_name,
        holder_furigana=enrollment.trainee.furigana,
        program_title=enrollment.cohort.program.title,
        cohort_title=enrollment.cohort.title,
        completed_on=_completed_on(enrollment, issued_on),
        issued_on=issued_on,
        issuer_line=profile.issuer_line,
        title=profile.title,
        body=content.body,
        calendar=profile.calendar,
        fiscal_year=fiscal_year,
        serial=serial,
        number=content.number,
        code=code,
        sha256=hashlib.sha256(pdf).hexdigest(),
        signed=True,
        issued_by=by,
    )
    certificate.pdf.save(f"{code}.pdf", ContentFile(pdf), save=False)
    written = _written_pdfs.get()
    if written is not None:
        written.append(certificate.pdf.name)
    certificate.save()
    return certificate


def _valid_of(enrollment):
    """The enrollment's valid certificate, as a query (at most one, by the database's constraint)."""
    return Certificate.objects.filter(enrollment=enrollment, status=CertificateStatus.VALID)


def _require_complete(enrollment: Enrollment) -> None:
    if not completion_selectors.is_complete(enrollment):
        raise CertificateError(
            "not_complete",
            _("%(name)s さんはまだ修了していないため、修了証を発行できません。")
            % {"name": enrollment.trainee.full_name or enrollment.trainee.email},
        )


def certificate_issue(
    *, enrollment: Enrollment, by: User, issued_on: date | None = None
) -> Certificate:
    """Issue the enrollment's 修了証, or return the valid one it already has (a second click)."""
    certificate, _issued = certificate_issue_or_held(
        enrollment=enrollment, by=by, issued_on=issued_on
    )
    return certificate


def certificate_issue_or_held(
    *,
    enrollment: Enrollment,
    by: User,
    issued_on: date | None = None,
    counted: Callable[[bool], object] | None = None,
) -> tuple[Certificate, bool]:
    """(the enrollment's valid 修了証, whether this call issued it): certificate_issue, counted.

    The PDF is rendered and signed before the transaction (see _draft), so that issues
    in several task workers render at the same time and only queue for their numbers.
    `counted`, if given, is called with whether this call issued, inside the issue's
    transaction: a count kept beside the certificate (a bulk run's) commits with it or
    not at all, and costs no commit of its own. It is called once per try, and the try
    after an IntegrityError calls it again, so only its database writes count once; it
    runs holding the enrollment's lock and, when issuing, the 年度's number, so it must
    be quick; if it raises, the issue rolls back.
    """
    issued_on = issued_on or timezone.localdate()
    sequence = _sequence_of(OuterRef("cohort__prefecture"), fiscal_year_of(issued_on))
    fresh = _by_key(
        Enrollment.objects.filter(pk=enrollment.pk)
        # The issuer profile comes with it: _draft prints from it.
        .select_related(
            "trainee", "cohort", "cohort__program", "cohort__prefecture__certificate_issuer"
        )
        .annotate(
            holds_valid=Exists(_valid_of(OuterRef("pk"))),
            last_serial=Subquery(sequence.values("last_serial")[:1]),
            last_ticket=Subquery(sequence.values("last_ticket")[:1]),
        )
    )
    if (
        fresh is None
        or not permissions.can_administer(by, fresh.cohort.prefecture)
        or fresh.holds_valid
        or not completion_selectors.is_complete(fresh)
    ):
        # Refused or already issued: the locked path says so, with nothing rendered.
        draft = None
    else:
        draft = _draft(
            fresh,
            issued_on,
            committed=fresh.last_serial or 0,
            committed_ticket=fresh.last_ticket,
        )

    def attempt(draft: _Draft | None) -> tuple[Certificate, bool]:
        with _removed_if_rolled_back(), transaction.atomic():
            certificate, issued = _issue(
                enrollment=enrollment, by=by, issued_on=issued_on, draft=draft
            )
            if counted is not None:
                counted(issued)
            return certificate, issued

    try:
        return attempt(draft)
    except IntegrityError:
        # A racing issue for the same enrollment that the row lock did not hold off: the
        # second try hands back the one that won. Else the random code repeated one (one
        # draw in 2^59): it is drawn again. Tried again whole, as the transaction rolled
        # back, rather than from a savepoint around the insert, which cost two round
        # trips on every issue, inside the lock every other issue of the 年度 waits on.
        # Any other IntegrityError would repeat: the second try raises it, after one
        # render more.
        return attempt(None)


def _issue(
    *, enrollment: Enrollment, by: User, issued_on: date, draft: _Draft | None
) -> tuple[Certificate, bool]:
    locked = _locked_enrollment(enrollment)
    _require_admin(by, locked.cohort.prefecture)
    existing = _by_key(_valid_of(locked))
    if existing is not None:
        return existing, False
    _require_complete(locked)
    certificate = _new_certificate(enrollment=locked, by=by, issued_on=issued_on, draft=draft)
    _event(
        prefecture=certificate.prefecture,
        action=CertificateAction.ISSUED,
        by=by,
        certificate=certificate,
    )
    return certificate, True


def clean_reason(reason) -> str:
    """A revoke or reissue reason: required, one paragraph or a few, within the limit."""
    if not isinstance(reason, str) or not reason.strip():
        raise CertificateError("no_reason", _("理由を入力してください。"))
    reason = reason.replace("\r\n", "\n").strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise CertificateError(
            "invalid",
            _("理由は%(max)s文字以内にしてください（いま%(length)s文字）。")
            % {"max": REASON_MAX_LENGTH, "length": len(reason)},
        )
    problem = text_problem(reason, multiline=True)
    if problem:
        raise CertificateError("invalid", _("理由: %(problem)s") % {"problem": problem})
    return reason


def _locked_valid(certificate: Certificate) -> Certificate:
    locked = _by_key(
        Certificate.objects.select_for_update()
        .filter(pk=certificate.pk)
        .select_related("prefecture")
    )
    if locked is None:
        raise CertificateError("missing", _("この修了証は見つかりません。"))
    if locked.status != CertificateStatus.VALID:
        raise CertificateError(
            "not_valid",
            _("この修了証はすでに「%(status)s」です。") % {"status": locked.get_status_display()},
        )
    return locked


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    """Revoke a valid certificate, saying why; who and when are kept, the record never goes."""
    _require_admin(by, certificate.prefecture)
    reason = clean_reason(reason)
    locked = _locked_valid(certificate)
    locked.status = CertificateStatus.REVOKED
    locked.revoked_at, locked.revoked_by, locked.revoke_reason = timezone.now(), by, reason
    locked.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
    _event(
        prefecture=locked.prefecture,
        action=CertificateAction.REVOKED,
        by=by,
        certificate=locked,
        reason=reason,
    )
    return locked


def certificate_reissue(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    """Replace a valid certificate by a new one (new number, today's snapshot); the old shows 再発行済み."""
    with _removed_if_rolled_back(), transaction.atomic():
        return _reissue(certificate=certificate, by=by, reason=reason)


def _reissue(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    _require_admin(by, certificate.prefecture)
    reason = clean_reason(reason)
    locked = _locked_valid(certificate)
    enrollment = _locked_enrollment(locked.enrollment)
    _require_complete(enrollment)
    # The old one stops being valid first, so the one-valid constraint lets the new one in.
    locked.status = CertificateStatus.REISSUED
    locked.revoked_at, locked.revoked_by, locked.revoke_reason = timezone.now(), by, reason
    locked.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
    new = _new_certificate(enrollment=enrollment, by=by, issued_on=timezone.localdate())
    locked.superseded_by = new
    locked.save(update_fields=["superseded_by"])
    _event(
        prefecture=locked.prefecture,
        action=CertificateAction.REISSUED,
        by=by,
        certificate=locked,
        reason=reason,
    )
    _event(prefecture=new.prefecture, action=CertificateAction.ISSUED, by=by, certificate=new)
    return new


def pdf_bytes(certificate: Certificate) -> bytes:
    """The stored PDF exactly as issued."""
    with certificate.pdf.open("rb") as handle:
        return handle.read()
