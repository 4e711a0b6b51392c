"""Writes of the committee: its year, and who sits on it."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Prefecture, Role, User
from base.validators import require_plain_text
from courses.models import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR
from planning.models import Committee, CommitteeMember
from planning.services.errors import PlanningError


def _check_fiscal_year(fiscal_year: int) -> None:
    if not FIRST_FISCAL_YEAR <= fiscal_year <= LAST_FISCAL_YEAR:
        raise PlanningError(
            "fiscal_year_out_of_range",
            _("年度は%(first)s年度から%(last)s年度の間で入力してください。")
            % {"first": FIRST_FISCAL_YEAR, "last": LAST_FISCAL_YEAR},
        )


@transaction.atomic
def committee_get_or_create(*, prefecture: Prefecture, fiscal_year: int) -> Committee:
    """The prefecture's committee of that 年度, made the first time it is asked for."""
    _check_fiscal_year(fiscal_year)
    committee, _created = Committee.objects.get_or_create(
        prefecture=prefecture, fiscal_year=fiscal_year
    )
    return committee


@transaction.atomic
def committee_member_add(
    *,
    committee: Committee,
    user: User,
    organisation: str = "",
    municipality: str = "",
    national_program: str = "",
    national_year: int | None = None,
) -> CommitteeMember:
    """Seat a person holding the committee role on the year's committee.

    Organisation and municipality default to those of the person's committee membership.
    """
    membership = (
        Membership.objects.filter(
            user=user, prefecture_id=committee.prefecture_id, role=Role.COMMITTEE
        )
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise PlanningError(
            "not_committee", _("この都道府県の研修委員の役割を持つ人だけを委員にできます。")
        )
    if CommitteeMember.objects.filter(committee=committee, user=user).exists():
        raise PlanningError("already_member", _("この人はすでに委員会の委員です。"))
    if national_year is not None and not national_program:
        raise PlanningError(
            "national_year_without_program",
            _("国研修の修了年度を入れるときは、修了したプログラムも入力してください。"),
        )
    if membership.organisation is not None:
        organisation = organisation or membership.organisation.name
        municipality = municipality or membership.organisation.municipality_text
    require_plain_text(
        organisation=organisation, municipality=municipality, national_program=national_program
    )
    if national_year is not None:
        _check_fiscal_year(national_year)
    return CommitteeMember.objects.create(
        committee=committee,
        user=user,
        organisation=organisation,
        municipality=municipality,
        national_program=national_program,
        national_year=national_year,
    )


@transaction.atomic
def committee_member_remove(*, member: CommitteeMember) -> None:
    """Take a member off the committee; the roles they held become unassigned."""
    CommitteeMember.objects.select_for_update().filter(pk=member.pk).delete()
