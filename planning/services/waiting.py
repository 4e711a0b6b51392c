"""Writes of a training day's waiting list (順番待ち): move people up into freed seats, or remove them."""

import logging

from django.conf import settings
from django.db import transaction

from courses.models import Cohort
from planning.models import TrainingDay, WaitingEntry
from planning.services.roster import (
    ENROL_ERRORS,
    _municipal_seats_left,
    _seats_left,
    trainee_invite_and_enrol,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def waiting_fill(*, day: TrainingDay, site_url: str = "") -> list[WaitingEntry]:
    """Move the first waiting people up into the seats free now; returns those moved up.

    Each municipality's seats go to its own waiting people in order (with no seat plan, the
    cohort's seats go to the whole list in order). The day and cohort rows are locked first,
    so two seats freed at once can never move the same person, or one too many, up.
    """
    day = (
        TrainingDay.objects.select_for_update(of=("self",))
        .select_related("plan__committee__prefecture")
        .get(pk=day.pk)
    )
    if day.cohort_id is None:
        return []
    cohort = Cohort.objects.select_for_update().get(pk=day.cohort_id)
    entries = list(
        WaitingEntry.objects.select_for_update(of=("self",))
        .filter(training_day=day)
        .select_related("organisation", "added_by")
        .order_by("position")
    )
    if not entries:
        return []
    left = _seats_left(day, cohort)
    municipal = _municipal_seats_left(day, cohort)
    moved = []
    for entry in entries:
        if left <= 0:
            break
        if municipal is not None and municipal.get(entry.municipality, 0) <= 0:
            continue
        try:
            with transaction.atomic():
                trainee_invite_and_enrol(
                    day=day,
                    email=entry.email,
                    full_name=entry.full_name,
                    furigana=entry.furigana,
                    organisation=entry.organisation,
                    invited_by=entry.added_by,
                    site_url=site_url or settings.WAGTAILADMIN_BASE_URL,
                )
        except ENROL_ERRORS as error:
            # Their place is kept; the next person of the municipality may still move up.
            logger.warning("waiting entry %s not moved up: %s", entry.pk, error)
            continue
        entry.delete()
        moved.append(entry)
        left -= 1
        if municipal is not None:
            municipal[entry.municipality] -= 1
    return moved


def waiting_fill_cohort(*, cohort) -> None:
    """A seat of the cohort may have freed: fill it from each of its training days' lists."""
    for day in TrainingDay.objects.filter(cohort=cohort):
        waiting_fill(day=day)


@transaction.atomic
def waiting_remove(*, entry: WaitingEntry) -> None:
    """Take someone off the waiting list; those behind them move one place up."""
    WaitingEntry.objects.select_for_update().filter(pk=entry.pk).delete()


__all__ = ["waiting_fill", "waiting_fill_cohort", "waiting_remove"]
