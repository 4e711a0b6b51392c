"""Who may see and change a prefecture's planning: the one place every planning view asks."""

from django.db.models import Q, QuerySet

from accounts import scoping
from accounts.models import Prefecture, Role
from assessments import permissions as assessment_permissions
from courses.models import Cohort
from planning.models import AnnualPlan, Committee, TrainingDay

#: committee members and the prefecture's administrators edit the plan
EDIT_ROLES = (Role.COMMITTEE, Role.PREFECTURE_ADMIN)


def committees_visible_to(user) -> QuerySet[Committee]:
    """Committees of the prefectures where the person is a committee member or administrator."""
    return Committee.objects.for_user(user, roles=EDIT_ROLES)


def plans_editable_by(user) -> QuerySet[AnnualPlan]:
    """Plans the person may read and change."""
    return AnnualPlan.objects.for_user(user, roles=EDIT_ROLES)


def training_days_editable_by(user) -> QuerySet[TrainingDay]:
    """Training days the person may change."""
    return TrainingDay.objects.for_user(user, roles=EDIT_ROLES)


def training_days_attended_by(user) -> QuerySet[TrainingDay]:
    """Days whose timetable a person sees: editable ones, and those of cohorts they are in or run."""
    if not getattr(user, "is_authenticated", False):
        return TrainingDay.objects.none()
    own = assessment_permissions.own_enrollments(user).values("cohort_id")
    facilitated = TrainingDay.objects.for_user(user, roles=[Role.FACILITATOR]).filter(
        cohort__facilitators=user
    )
    editable = training_days_editable_by(user)
    return TrainingDay.objects.filter(
        Q(pk__in=editable.values("pk")) | Q(cohort_id__in=own) | Q(pk__in=facilitated.values("pk"))
    )


def can_edit_prefecture(user, prefecture: Prefecture) -> bool:
    """Whether the person plans in this prefecture."""
    return prefecture.pk in scoping.prefecture_ids_for(user, EDIT_ROLES)


def can_manage_committee(user, committee: Committee) -> bool:
    """Only the prefecture's administrators add and remove committee members."""
    return committee.prefecture_id in scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])


def cohorts_for_link(user, prefecture: Prefecture) -> QuerySet[Cohort]:
    """Cohorts of `prefecture` a training day may link to, scoped to the person's planning roles."""
    return (
        Cohort.objects.for_user(user, roles=EDIT_ROLES)
        .filter(prefecture=prefecture)
        .order_by("-fiscal_year", "starts_on")
    )
