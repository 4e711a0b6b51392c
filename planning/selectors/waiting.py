"""Reads of a training day's waiting list (順番待ち), in order, with each person's place."""

from collections import Counter

from planning.models import TrainingDay, WaitingEntry


def waiting_of(day: TrainingDay) -> list[WaitingEntry]:
    """The day's waiting people in order; each has `place`, their rank in their municipality.

    The day itself was found through the person's scope, so its own rows need no second one.
    """
    entries = list(
        WaitingEntry.objects.filter(training_day=day)
        .select_related("organisation")
        .order_by("position")
    )
    seen: Counter = Counter()
    for entry in entries:
        seen[entry.municipality] += 1
        entry.place = seen[entry.municipality]
    return entries


def waiting_entry_of(day: TrainingDay, entry_id: int) -> WaitingEntry | None:
    """One waiting person of the day, or None (another day's or prefecture's id is a 404)."""
    return WaitingEntry.objects.filter(training_day=day, pk=entry_id).first()
