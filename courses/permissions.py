"""Who may read lessons and who may manage cohorts and enrollments."""

from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

from accounts import scoping
from accounts.models import Role
from accounts.permissions import is_content_editor
from courses.models import Cohort, Enrollment

#: Enrollment states that open a program's lessons.
READING_STATUSES = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED)


def program_ids_readable_by(user) -> set[int] | None:
    """Ids of programs whose lesson bodies the user may read; None means every program.

    Trainees need an active enrollment; a cohort's facilitators and the
    prefecture's administrators read its program too; CMS editors read all.
    """
    if not getattr(user, "is_authenticated", False):
        return set()
    if is_content_editor(user):
        return None
    cached = getattr(user, "_readable_program_ids", None)
    if cached is None:
        admin_prefectures = scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
        cached = set(
            Cohort.objects.filter(
                Q(enrollments__trainee=user, enrollments__status__in=READING_STATUSES)
                | Q(facilitators=user)
                | Q(prefecture__in=admin_prefectures)
            ).values_list("program_id", flat=True)
        )
        user._readable_program_ids = cached
    return cached


def can_read_program(user, program_id: int) -> bool:
    """Whether the user may read the lesson bodies of one program."""
    readable = program_ids_readable_by(user)
    return readable is None or program_id in readable


def cohorts_visible_to(user) -> QuerySet[Cohort]:
    """Cohorts a person may open: their own, those they facilitate, and their prefecture's (admins)."""
    if not getattr(user, "is_authenticated", False):
        return Cohort.objects.none()
    admin_prefectures = scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
    return Cohort.objects.filter(
        Q(enrollments__trainee=user) | Q(facilitators=user) | Q(prefecture__in=admin_prefectures)
    ).distinct()


def can_see_cohort_roster(user, cohort: Cohort) -> bool:
    """Facilitators and the prefecture's administrators see who is in a cohort and how far."""
    return cohort.prefecture_id in scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN]) or (
        cohort.facilitators.filter(pk=user.pk).exists()
    )


class PrefectureScopedPolicy(ModelPermissionPolicy):
    """Wagtail permission policy: a prefecture administrator manages only their prefecture's rows.

    `prefecture_field` is the lookup from the model to its prefecture.
    """

    def __init__(self, model, prefecture_field: str):
        super().__init__(model)
        self.prefecture_field = prefecture_field

    def user_has_permission(self, user, action: str) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return user.is_superuser or bool(scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN]))

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def instances_user_has_permission_for(self, user, action: str) -> QuerySet:
        queryset = self.model._default_manager.all()
        if getattr(user, "is_superuser", False):
            return queryset
        return scoping.scope(queryset, user, roles=scoping.ADMIN_ROLES, field=self.prefecture_field)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        return self.instances_user_has_permission_for(user, "change")

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return self.user_has_permission_for_instance(user, "change", instance)
