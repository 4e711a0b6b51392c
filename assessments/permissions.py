"""Who may read and review a trainee's assessments: the one place every part asks."""

from django.db.models import Q, QuerySet

from accounts import scoping
from accounts.models import Role
from courses.models import Cohort, Enrollment
from courses.permissions import READING_STATUSES


def own_enrollments(user) -> QuerySet[Enrollment]:
    """A trainee's own enrollments that open the program's assessments."""
    if not getattr(user, "is_authenticated", False):
        return Enrollment.objects.none()
    return Enrollment.objects.for_user(user, roles=[Role.TRAINEE]).filter(
        trainee=user, status__in=READING_STATUSES
    )


def enrollments_watched_by(user) -> QuerySet[Enrollment]:
    """Enrollments a person reads as staff: cohorts they facilitate, and their prefecture's (admins)."""
    if not getattr(user, "is_authenticated", False):
        return Enrollment.objects.none()
    admin_prefectures = scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
    return (
        Enrollment.objects.for_user(user, roles=[Role.FACILITATOR, Role.PREFECTURE_ADMIN])
        .filter(Q(cohort__facilitators=user) | Q(cohort__prefecture__in=admin_prefectures))
        .distinct()
    )


def cohorts_watched_by(user) -> QuerySet[Cohort]:
    """Cohorts whose reports a person may read: those they facilitate, and their prefecture's."""
    if not getattr(user, "is_authenticated", False):
        return Cohort.objects.none()
    admin_prefectures = scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
    return (
        Cohort.objects.for_user(user, roles=[Role.FACILITATOR, Role.PREFECTURE_ADMIN])
        .filter(Q(facilitators=user) | Q(prefecture__in=admin_prefectures))
        .distinct()
    )


def cohorts_reported_to(user) -> QuerySet[Cohort]:
    """Cohorts whose figures (survey, before/after) a person may read, never who said what.

    Those they watch, and their prefecture's for its 研修委員会, which plans next year
    from them at its 振り返り.
    """
    if not getattr(user, "is_authenticated", False):
        return Cohort.objects.none()
    prefectures = scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN, Role.COMMITTEE])
    return (
        Cohort.objects.for_user(
            user, roles=[Role.FACILITATOR, Role.PREFECTURE_ADMIN, Role.COMMITTEE]
        )
        .filter(Q(facilitators=user) | Q(prefecture__in=prefectures))
        .distinct()
    )


def report_cohort_ids(user, *, cohorts=None, cohort_ids=None, named: bool = False) -> list[int]:
    """Of the cohorts asked for, the ids whose figures the person may read.

    `named=True` keeps only the cohorts they watch, where names may be shown with answers.
    """
    wanted = set(cohort_ids or ()) | {cohort.pk for cohort in cohorts or ()}
    allowed = cohorts_watched_by(user) if named else cohorts_reported_to(user)
    return list(allowed.filter(pk__in=wanted).values_list("pk", flat=True))


def cohorts_administered_by(user) -> QuerySet[Cohort]:
    """Cohorts of the prefectures where the person is an administrator."""
    return Cohort.objects.for_user(user, roles=[Role.PREFECTURE_ADMIN])


def can_review(user, cohort: Cohort) -> bool:
    """Only the cohort's own facilitators review its worksheets."""
    return (
        cohort.prefecture_id in scoping.prefecture_ids_for(user, [Role.FACILITATOR])
        and cohort.facilitators.filter(pk=user.pk).exists()
    )
