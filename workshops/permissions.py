"""Who may run, join and read a workshop."""

from django.db.models import Q, QuerySet

from accounts import scoping
from accounts.models import Role
from courses.models import Enrollment
from workshops.models import Workshop

#: Enrollment states that let a trainee into the cohort's group work.
JOINING_STATUSES = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED)
#: Roles in the cohort's prefecture that let a listed facilitator run the workshop. Being on
#: the list is not enough: taking the role away (membership_revoke) must close the console.
FACILITATING_ROLES = (Role.FACILITATOR, Role.PREFECTURE_ADMIN)
#: The role in the cohort's prefecture an enrolled trainee needs to join.
JOINING_ROLES = (Role.TRAINEE,)


def is_facilitator(user, workshop: Workshop) -> bool:
    """Whether the person runs this workshop: listed, and holding the role in its prefecture."""
    if not getattr(user, "is_authenticated", False):
        return False
    if workshop.cohort.prefecture_id not in scoping.prefecture_ids_for(user, FACILITATING_ROLES):
        return False
    return workshop.facilitators.filter(pk=user.pk).exists()


def is_participant(user, workshop: Workshop) -> bool:
    """Whether the person is enrolled in the cohort and still a trainee of its prefecture."""
    if not getattr(user, "is_authenticated", False):
        return False
    if workshop.cohort.prefecture_id not in scoping.prefecture_ids_for(user, JOINING_ROLES):
        return False
    return workshop.cohort.enrollments.filter(trainee=user, status__in=JOINING_STATUSES).exists()


def can_manage(user, workshop: Workshop) -> bool:
    """Facilitators and the prefecture's administrators set up groups and read the record."""
    if is_facilitator(user, workshop):
        return True
    admin_prefectures = scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
    return workshop.cohort.prefecture_id in admin_prefectures


def workshops_visible_to(user) -> QuerySet[Workshop]:
    """Workshops a person may open: those they run, join, or administer."""
    if not getattr(user, "is_authenticated", False):
        return Workshop.objects.none()
    admin_prefectures = scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
    return Workshop.objects.filter(
        Q(
            facilitators=user,
            cohort__prefecture__in=scoping.prefecture_ids_for(user, FACILITATING_ROLES),
        )
        | Q(
            cohort__enrollments__trainee=user,
            cohort__enrollments__status__in=JOINING_STATUSES,
            cohort__prefecture__in=scoping.prefecture_ids_for(user, JOINING_ROLES),
        )
        | Q(cohort__prefecture__in=admin_prefectures)
    ).distinct()


def cohorts_for_new_workshop(user) -> QuerySet:
    """Cohorts in which the person may open a workshop: those they facilitate or administer."""
    from courses.models import Cohort

    if not getattr(user, "is_authenticated", False):
        return Cohort.objects.none()
    admin_prefectures = scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
    facilitating = scoping.prefecture_ids_for(user, FACILITATING_ROLES)
    return Cohort.objects.filter(
        Q(facilitators=user, prefecture__in=facilitating) | Q(prefecture__in=admin_prefectures)
    ).distinct()
