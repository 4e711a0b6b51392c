"""Reads of the committee: one the person may see, its members, and who may still join."""

from django.db.models import QuerySet

from accounts.models import Role, User
from accounts.selectors import members_of
from planning import permissions
from planning.models import Committee, CommitteeMember


def committee_for(user, committee_id: int) -> Committee | None:
    """A committee the person may see (a member or administrator of its prefecture)."""
    return (
        permissions.committees_visible_to(user)
        .select_related("prefecture")
        .filter(pk=committee_id)
        .first()
    )


def committee_members(committee: Committee) -> list[CommitteeMember]:
    """The members with their accounts, graduates of the national training marked."""
    return list(committee.members.select_related("user"))


def people_who_may_join(committee: Committee) -> QuerySet[User]:
    """People holding the committee role in the prefecture who are not on this committee yet."""
    holders = members_of(committee.prefecture, Role.COMMITTEE).values("user_id")
    return (
        User.objects.filter(pk__in=holders)
        .exclude(committee_seats__committee=committee)
        .order_by("furigana", "email")
    )
