"""Reads about people that several views share."""

from django.db.models import QuerySet

from accounts.models import Membership, Organisation, Prefecture


def members_of(prefecture: Prefecture, role: str | None = None) -> QuerySet[Membership]:
    """A prefecture's memberships with the person and organisation, for listing."""
    memberships = Membership.objects.filter(prefecture=prefecture).select_related(
        "user", "organisation"
    )
    if role:
        memberships = memberships.filter(role=role)
    return memberships.order_by("role", "user__furigana", "user__email")


def organisations_of(prefecture: Prefecture) -> QuerySet[Organisation]:
    """A prefecture's organisations, for lists and choice fields."""
    return Organisation.objects.filter(prefecture=prefecture).order_by("municipality", "name")


def memberships_for_user(user) -> QuerySet[Membership]:
    """The roles a person holds, for their own マイページ."""
    return Membership.objects.filter(user=user).select_related("prefecture", "organisation")
