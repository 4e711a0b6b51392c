"""Reads about people that several views share."""

from django.db.models import QuerySet

from accounts.models import Membership, Municipality, Organisation, Prefecture
from accounts.municipality_data import fold_name


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
    return Organisation.objects.filter(prefecture=prefecture).order_by("municipality_text", "name")


def memberships_for_user(user) -> QuerySet[Membership]:
    """The roles a person holds, for their own マイページ."""
    return Membership.objects.filter(user=user).select_related("prefecture", "organisation")


def municipalities_of(prefecture: Prefecture, *, wards: bool = True) -> QuerySet[Municipality]:
    """A prefecture's 市区町村 by code; without `wards`, only the cities, towns and villages."""
    municipalities = Municipality.objects.filter(prefecture=prefecture)
    if not wards:
        municipalities = municipalities.filter(city__isnull=True)
    return municipalities.order_by("code")


def municipality_index(prefecture: Prefecture) -> dict[str, Municipality]:
    """The prefecture's 市区町村 by width-folded name, for matching names people typed."""
    return {fold_name(m.name): m for m in municipalities_of(prefecture)}


def municipality_named(prefecture: Prefecture, name: str) -> Municipality | None:
    """The prefecture's 市区町村 of that name (width and spaces ignored), or None."""
    folded = fold_name(name)
    if not folded:
        return None
    exact = Municipality.objects.filter(prefecture=prefecture, name=folded).first()
    return exact or municipality_index(prefecture).get(folded)


def organisations_without_municipality() -> QuerySet[Organisation]:
    """Organisations whose 市区町村 text matched no municipality: kept as text, to be fixed."""
    return (
        Organisation.objects.filter(municipality__isnull=True)
        .exclude(municipality_text="")
        .select_related("prefecture")
        .order_by("prefecture__code", "municipality_text", "name")
    )
