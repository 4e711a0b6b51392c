"""Writes of a training day's seats: share them among municipalities, or adjust them by hand."""

from collections import Counter

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Membership, Prefecture, Role
from accounts.selectors import municipalities_of
from planning.models import SeatAllocation, SeatPlan, TrainingDay
from planning.seats import SeatRule, SeatShareError, share_seats
from planning.services.errors import PlanningError
from planning.services.waiting import waiting_fill


def municipality_staff(prefecture: Prefecture) -> dict[str, int]:
    """Every 市区町村 of the prefecture (by code), with its support staff.

    Support staff are the people holding the trainee role through an organisation there; an
    organisation in a 政令指定都市's 区 counts for the city, which is what gets the seats.
    """
    names = list(municipalities_of(prefecture, wards=False).values_list("name", flat=True))
    staff: Counter = Counter()
    for ward_city, own, _user in (
        Membership.objects.filter(
            prefecture=prefecture, role=Role.TRAINEE, organisation__municipality__isnull=False
        )
        .values_list(
            "organisation__municipality__city__name", "organisation__municipality__name", "user"
        )
        .distinct()
    ):
        staff[ward_city or own] += 1
    return {name: staff[name] for name in names}


def seats_total_problem(capacity: int, total: int) -> str | None:
    """The Japanese check of seats against the venue, or None when they fit."""
    if total > capacity:
        return _("席の合計（%(total)s席）が会場の定員（%(capacity)s人）を超えています。") % {
            "total": total,
            "capacity": capacity,
        }
    return None


def _locked_day(day: TrainingDay) -> TrainingDay:
    return TrainingDay.objects.select_for_update().select_related("plan__committee").get(pk=day.pk)


@transaction.atomic
def seats_share(*, day: TrainingDay, rule: str) -> SeatPlan:
    """Work the day's seats out afresh from its capacity; hand adjustments are replaced."""
    day = _locked_day(day)
    staff = municipality_staff(day.plan.committee.prefecture)
    try:
        seats = share_seats(day.capacity, staff, rule)
    except SeatShareError as error:
        raise PlanningError("seats_unshareable", str(error)) from error
    seat_plan, _created = SeatPlan.objects.update_or_create(
        training_day=day, defaults={"rule": rule}
    )
    seat_plan.allocations.all().delete()
    SeatAllocation.objects.bulk_create(
        SeatAllocation(
            seat_plan=seat_plan, municipality=name, support_staff=staff[name], seats=seats[name]
        )
        for name in staff
    )
    waiting_fill(day=day)
    return seat_plan


@transaction.atomic
def seats_adjust(*, day: TrainingDay, seats: dict[int, int]) -> SeatPlan:
    """Set some municipalities' seats by hand; refused whole if the sum passes the capacity."""
    day = _locked_day(day)
    seat_plan = SeatPlan.objects.filter(training_day=day).first()
    if seat_plan is None:
        raise PlanningError("no_seats", _("先に席を配ってください。"))
    allocations = {a.pk: a for a in seat_plan.allocations.select_for_update()}
    if set(seats) - set(allocations):
        raise PlanningError("wrong_allocation", _("この研修日の市区町村ではありません。"))
    for count in seats.values():
        if not 0 <= count <= day.capacity:
            raise PlanningError(
                "seats_out_of_range",
                _("席数は0から%(max)s席の間で入力してください。") % {"max": day.capacity},
            )
    total = sum(seats.get(pk, a.seats) for pk, a in allocations.items())
    problem = seats_total_problem(day.capacity, total)
    if problem:
        raise PlanningError("seats_over_capacity", problem)
    for pk, count in seats.items():
        allocation = allocations[pk]
        if allocation.seats != count:
            allocation.seats, allocation.by_hand = count, True
            allocation.save(update_fields=["seats", "by_hand"])
    # A municipality given more seats takes its waiting people first.
    waiting_fill(day=day)
    return seat_plan


__all__ = ["SeatRule", "municipality_staff", "seats_adjust", "seats_share", "seats_total_problem"]
