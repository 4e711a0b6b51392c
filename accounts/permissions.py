"""Who may do what with people, organisations and memberships."""

from accounts import scoping
from accounts.models import Prefecture, Role


def has_role(user, prefecture: Prefecture, *roles: str) -> bool:
    """Whether the user holds one of `roles` in `prefecture`."""
    return prefecture.pk in scoping.prefecture_ids_for(user, roles)


def can_manage_members(user, prefecture: Prefecture) -> bool:
    """Only the prefecture's administrators invite people and edit organisations."""
    return has_role(user, prefecture, Role.PREFECTURE_ADMIN)


def roles_of(user) -> set[str]:
    """Every role the user holds, in any prefecture; drives the navigation."""
    return {role for _pid, role in scoping.memberships_of(user)}


def is_content_editor(user) -> bool:
    """Content editors are the users who may open the Wagtail admin."""
    return bool(
        getattr(user, "is_authenticated", False) and user.has_perm("wagtailadmin.access_admin")
    )
