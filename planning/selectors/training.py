"""Reads of training days: the one a person may edit, and the one whose timetable they may read."""

from planning import permissions
from planning.models import TrainingDay
from planning.selectors.plans import training_days_with_timetable


def day_for_editing(user, day_id: int) -> TrainingDay | None:
    """A training day the person may change, with its timetable; None means 404."""
    return (
        training_days_with_timetable()
        .filter(pk__in=permissions.training_days_editable_by(user).values("pk"))
        .select_related("plan__committee__prefecture")
        .filter(pk=day_id)
        .first()
    )


def day_for_reading(user, day_id: int) -> TrainingDay | None:
    """A training day whose timetable the person may read (they plan it or attend it)."""
    return (
        training_days_with_timetable()
        .filter(pk__in=permissions.training_days_attended_by(user).values("pk"))
        .select_related("plan__committee__prefecture")
        .filter(pk=day_id)
        .first()
    )
