"""Who may issue, revoke and reissue 修了証, and whose certificates a person may download."""

from django.db.models import QuerySet

from accounts import scoping
from accounts.models import Prefecture, Role
from certificates.models import Certificate, CertificateEvent, IssuerProfile

ADMIN_ROLES = (Role.PREFECTURE_ADMIN,)


def can_administer(user, prefecture: Prefecture) -> bool:
    """Only the prefecture's own administrators issue, revoke, reissue and keep its profile."""
    return prefecture.pk in scoping.prefecture_ids_for(user, ADMIN_ROLES)


def prefectures_administered_by(user) -> QuerySet[Prefecture]:
    """The prefectures whose certificates the person administers."""
    return scoping.prefectures_for(user, ADMIN_ROLES)


def certificates_administered_by(user) -> QuerySet[Certificate]:
    """Every certificate of the prefectures the person administers."""
    return Certificate.objects.for_user(user, roles=ADMIN_ROLES)


def own_certificates(user) -> QuerySet[Certificate]:
    """The certificates issued to the person themself, in prefectures where they still belong."""
    if not getattr(user, "is_authenticated", False):
        return Certificate.objects.none()
    return Certificate.objects.for_user(user).filter(enrollment__trainee=user)


def profiles_administered_by(user) -> QuerySet[IssuerProfile]:
    """Issuer profiles the person keeps."""
    return IssuerProfile.objects.for_user(user, roles=ADMIN_ROLES)


def events_administered_by(user) -> QuerySet[CertificateEvent]:
    """Audit lines the person may read: their prefectures' only."""
    return CertificateEvent.objects.for_user(user, roles=ADMIN_ROLES)
