"""The one place that decides which prefectures' data a person may see.

Every queryset of prefecture-owned data in every app is filtered here, so a
person of 大分県 can never read or change 高知県's people by changing a URL.
"""

import contextlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Model, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from accounts.models import Prefecture, User

# accounts.models builds its managers from PrefectureScopedQuerySet below, so this module
# imports the models inside the functions that need them, never at import time.


def memberships_of(user) -> list[tuple[int, str]]:
    """(prefecture id, role) pairs of an active user, read once per request and cached on it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_prefecture_roles", None)
    if cached is None:
        from accounts.models import Membership

        # Unordered: callers take sets, and the model's ordering would join the prefectures.
        cached = list(
            Membership.objects.filter(user=user).order_by().values_list("prefecture_id", "role")
        )
        user._prefecture_roles = cached
    return cached


def prefecture_ids_for(user, roles: Iterable[str] | None = None) -> set[int]:
    """Ids of the prefectures in which the user holds one of `roles` (any role if None)."""
    wanted = set(roles) if roles is not None else None
    return {pid for pid, role in memberships_of(user) if wanted is None or role in wanted}


def holders_among(users, prefecture_id: int, roles: Iterable[str]) -> set[int]:
    """Ids of those `users` who hold one of `roles` in the prefecture (one query for all).

    The batch form of `prefecture_id in prefecture_ids_for(user, roles)`, on the same rule:
    an inactive account holds nothing.
    """
    from accounts.models import Membership

    active = [user.pk for user in users if getattr(user, "is_active", False)]
    return set(
        Membership.objects.filter(user_id__in=active, prefecture_id=prefecture_id, role__in=roles)
        .order_by()
        .values_list("user_id", flat=True)
    )


def forget_cached_roles(user) -> None:
    """Drop the per-request role cache after memberships change."""
    # delattr, not user.__dict__: a socket's scope["user"] is a lazy wrapper, and only
    # attribute access reaches the real user the cache was set on.
    with contextlib.suppress(AttributeError):  # nothing cached yet
        del user._prefecture_roles


def scope(
    queryset: QuerySet,
    user,
    *,
    roles: Iterable[str] | None = None,
    field: str = "prefecture",
    superuser_sees_all: bool = False,
) -> QuerySet:
    """Limit `queryset` to rows whose `field` is a prefecture where the user holds `roles`.

    `superuser_sees_all` is for CMS screens only, where Wagtail's superusers manage every
    prefecture (courses' PrefectureScopedPolicy); everywhere else a superuser is scoped too.
    """
    if superuser_sees_all and getattr(user, "is_superuser", False) and user.is_active:
        return queryset
    ids = prefecture_ids_for(user, roles)
    if not ids:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": ids})


class PrefectureScopedQuerySet(QuerySet):
    """Rows a prefecture owns; `for_user` is the one way to read them for a person.

    Each model names the lookup from itself to its prefecture in a class attribute
    `prefecture_field` (e.g. "cohort__prefecture"), so the rule itself stays in `scope`.
    A plain method rather than django-scopes: see the README's section on scoping.
    """

    def for_user(
        self, user, *, roles: Iterable[str] | None = None, superuser_sees_all: bool = False
    ) -> QuerySet:
        """Rows in prefectures where the user holds one of `roles` (any role if None)."""
        return scope(
            self,
            user,
            roles=roles,
            field=self.model.prefecture_field,
            superuser_sees_all=superuser_sees_all,
        )


def people_for(
    user,
    *,
    roles: Iterable[str] | None = None,
    member_roles: Iterable[str] | None = None,
    superuser_sees_all: bool = False,
) -> "QuerySet[User]":
    """People with a membership (of `member_roles`, any if None) where the user holds `roles`."""
    from accounts.models import Membership, User

    memberships = scope(
        Membership.objects.all(), user, roles=roles, superuser_sees_all=superuser_sees_all
    )
    if member_roles is not None:
        memberships = memberships.filter(role__in=list(member_roles))
    # A subquery, not a join, so a person with two roles is listed once.
    return User.objects.filter(pk__in=memberships.values("user_id"))


def prefectures_for(user, roles: Iterable[str] | None = None) -> "QuerySet[Prefecture]":
    """The prefectures in which the user holds one of `roles`."""
    from accounts.models import Prefecture

    return scope(Prefecture.objects.all(), user, roles=roles, field="pk")


def get_scoped_or_404(
    queryset: QuerySet,
    user,
    *,
    roles: Iterable[str] | None = None,
    field: str = "prefecture",
    **lookup,
) -> Model:
    """Fetch one object the user may reach, or 404 so other prefectures' ids stay hidden."""
    try:
        return scope(queryset, user, roles=roles, field=field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


#: Role.PREFECTURE_ADMIN, spelt out because the models cannot be imported here yet.
ADMIN_ROLES = ("prefecture_admin",)
