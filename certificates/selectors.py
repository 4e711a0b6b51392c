"""Reads about 修了証 that views, the verify page and マイページ share."""

import re
from functools import cache

from django.db import connection
from django.db.models import QuerySet

from accounts.models import Prefecture
from certificates import permissions
from certificates.models import Certificate, CertificateEvent, CertificateStatus, IssuerProfile
from courses.models import Cohort, Enrollment

#: Anything longer than this cannot be a code, however it is spaced; it is not looked up.
CODE_INPUT_MAX = 40
_CODE_RE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")
#: The columns the verify page reads of a certificate: what it prints, its status, its file's hash.
PUBLIC_COLUMNS = (
    "code", "status", "holder_name", "program_title", "issued_on", "issuer_line", "number",
    "calendar", "signed", "revoked_at", "sha256", "superseded_by",
)  # fmt: skip


def normalize_code(text) -> str | None:
    """ABCD-EFGH-JKMN from what a person typed (lower case, spaces, no hyphens), or None."""
    if not isinstance(text, str) or len(text) > CODE_INPUT_MAX:
        return None
    compact = re.sub(r"[\s\-‐－ー―]", "", text).upper()
    if len(compact) != 12 or not compact.isascii() or not compact.isalnum():
        return None
    code = f"{compact[:4]}-{compact[4:8]}-{compact[8:]}"
    return code if _CODE_RE.fullmatch(code) else None


def _public_fields():
    """The selected fields in the model's own order, the order `Model.from_db` reads values in."""
    wanted = {"id", *PUBLIC_COLUMNS}
    return [field for field in Certificate._meta.concrete_fields if field.name in wanted]


@cache
def _by_code_sql(vendor: str) -> str:
    """The verify lookup's SQL, written out once per database engine from the model's own names."""
    meta, quote = Certificate._meta, connection.ops.quote_name
    columns = ", ".join(f"c.{quote(field.column)}" for field in _public_fields())
    pk, code = quote(meta.pk.column), quote(meta.get_field("code").column)
    number, table = quote(meta.get_field("number").column), quote(meta.db_table)
    successor = quote(meta.get_field("superseded_by").column)
    # Only the model's own names, quoted, go in the text; the code is a parameter.
    return (
        f"SELECT {columns}, s.{code}, s.{number} "  # noqa: S608
        f"FROM {table} c LEFT OUTER JOIN {table} s ON s.{pk} = c.{successor} "
        f"WHERE c.{code} = %s"
    )


@cache
def _converters(vendor: str) -> tuple:
    """Per selected field: its attname, its column and the backend's converters for it.

    As the ORM converts a value read (SQLite hands back dates as text).
    """
    found = []
    for field in _public_fields():
        column = field.get_col(Certificate._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        found.append((field.attname, column, tuple(converters)))
    return tuple(found)


def certificate_by_code(code) -> Certificate | None:
    """The certificate a verification code names (public), or None for an unknown or malformed one.

    Only what the page shows and the PDF check compares, with its successor's code and
    number as `successor_code` and `successor_number`. Written as SQL on a cursor, not
    a QuerySet: building the ORM query cost 0.33 ms of the page's 3.3 ms, running this
    one 0.1 ms (3,000 lookups in a row), and a RawQuerySet spent a tenth of the page's
    time matching columns to fields (py-spy); this is the page everyone scans a QR code to.
    """
    code = normalize_code(code)
    if code is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_by_code_sql(connection.vendor), [code])
        row = cursor.fetchone()
    if row is None:
        return None
    fields = _converters(connection.vendor)
    values = []
    for (_attname, column, converters), value in zip(fields, row, strict=False):
        for convert in converters:
            value = convert(value, column, connection)
        values.append(value)
    certificate = Certificate.from_db(
        connection.alias, [attname for attname, _column, _converters in fields], values
    )
    certificate.successor_code, certificate.successor_number = row[len(fields) :]
    return certificate


def issuer_profile_of(prefecture: Prefecture) -> IssuerProfile | None:
    """The prefecture's issuer profile, if it has one yet."""
    return IssuerProfile.objects.filter(prefecture=prefecture).first()


def certificates_of_prefecture(user, prefecture: Prefecture) -> QuerySet[Certificate]:
    """An administrator's list: every certificate of their prefecture, newest first."""
    return (
        permissions.certificates_administered_by(user)
        .filter(prefecture=prefecture)
        .select_related("superseded_by", "revoked_by")
    )


def cohort_rows(cohort: Cohort) -> list[dict]:
    """A cohort's trainees with whether each is complete and their valid certificate, if any."""
    from assessments.selectors import completion

    enrollments = list(
        Enrollment.objects.filter(cohort=cohort)
        .select_related("trainee")
        .order_by("trainee__furigana", "trainee__full_name", "pk")
    )
    valid = {
        certificate.enrollment_id: certificate
        for certificate in Certificate.objects.filter(
            enrollment__in=enrollments, status=CertificateStatus.VALID
        )
    }
    return [
        {
            "enrollment": enrollment,
            "complete": completion.is_complete(enrollment),
            "certificate": valid.get(enrollment.pk),
        }
        for enrollment in enrollments
    ]


def audit_events(user, prefecture: Prefecture) -> QuerySet[CertificateEvent]:
    """The prefecture's audit list, newest first."""
    return (
        permissions.events_administered_by(user)
        .filter(prefecture=prefecture)
        .select_related("certificate")
    )


def mypage_certificates(user) -> dict | None:
    """マイページ: the person's own certificates with status, or None when there are none."""
    certificates = list(
        permissions.own_certificates(user).select_related("superseded_by").order_by("-issued_at")
    )
    if not certificates:
        return None
    return {"certificates": certificates}
