"""Sharing a venue's seats among municipalities: one each, then the rest equally or by staff.

Pure arithmetic, no database: planning/services/seats.py stores what this works out.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class SeatRule:
    """How the seats left after one per municipality are shared."""

    EQUAL, BY_STAFF = "equal", "by_staff"
    CHOICES = (
        (EQUAL, gettext_lazy("均等に配る")),
        (BY_STAFF, gettext_lazy("相談支援員の人数に比例して配る")),
    )
    VALUES = (EQUAL, BY_STAFF)


class SeatShareError(ValueError):
    """Seats that cannot be shared, with a Japanese message."""


def share_seats(capacity: int, weights: Mapping[str, int], rule: str) -> dict[str, int]:
    """Seats per municipality summing to `capacity`: at least one each, the rest by `rule`.

    The rest is split by largest remainder (Hamilton), so the sum is exact; ties go to the
    municipality listed first, which keeps the result the same on every run.
    """
    names = list(weights)
    if not names:
        raise SeatShareError(
            _("席を配る市区町村がありません。先に所属機関の市区町村を登録してください。")
        )
    if rule not in SeatRule.VALUES:
        raise SeatShareError(_("配り方の選択が正しくありません。"))
    if capacity < len(names):
        raise SeatShareError(
            _("会場の定員（%(capacity)s人）では、%(count)s市区町村に1席ずつも配れません。")
            % {"capacity": capacity, "count": len(names)}
        )
    rest = capacity - len(names)
    shares = {name: max(0, int(weights[name])) for name in names}
    if rule == SeatRule.EQUAL or sum(shares.values()) == 0:
        shares = dict.fromkeys(names, 1)
    total = sum(shares.values())
    exact = {name: rest * shares[name] / total for name in names}
    seats = {name: 1 + int(exact[name]) for name in names}
    left = capacity - sum(seats.values())
    by_remainder = sorted(names, key=lambda n: (-(exact[n] - int(exact[n])), names.index(n)))
    for name in by_remainder[:left]:
        seats[name] += 1
    return seats
