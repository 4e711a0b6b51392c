"""Reads of a training day's seats: its seat plan and each municipality's share."""

from planning.models import SeatAllocation, SeatPlan, TrainingDay


def seat_plan_of(day: TrainingDay) -> tuple[SeatPlan | None, list[SeatAllocation]]:
    """The day's seat plan and its allocations in order, or (None, []) before seats are shared.

    The day itself was found through the person's scope, so its own rows need no second one.
    """
    seat_plan = SeatPlan.objects.filter(training_day=day).first()
    return seat_plan, list(seat_plan.allocations.all()) if seat_plan else []
