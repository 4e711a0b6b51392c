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


def can_open_cms(user) -> bool:
    """Editors and prefecture administrators open the Wagtail admin (each sees their part).

    Decided from roles and page permissions, which are read once per request anyway,
    rather than Django's permission tables, which would cost two queries a page.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or Role.PREFECTURE_ADMIN in roles_of(user) or is_content_editor(user)


def is_content_editor(user) -> bool:
    """Content editors are the people with page permissions in the CMS; they read all content."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_content_editor", None)
    if cached is None:
        from wagtail.models import GroupPagePermission

        cached = GroupPagePermission.objects.filter(group__user=user).exists()
        user._is_content_editor = cached
    return cached
