"""Reads of a training day's roster: its cohort's trainees, as the export lists them."""

from accounts.models import Membership, Role
from planning.models import TrainingDay
from planning.roster import ROSTER_COLUMNS

#: the export's columns: the import's own, so an exported file can be edited and imported again
EXPORT_HEADER = (*ROSTER_COLUMNS, "状態")


def roster_rows(day: TrainingDay) -> list[tuple]:
    """The cohort's trainees (withdrawn ones too, marked) with their organisation and state."""
    if day.cohort_id is None:
        return []
    enrollments = list(
        day.cohort.enrollments.select_related("trainee").order_by(
            "trainee__furigana", "trainee__email"
        )
    )
    organisations = {
        membership.user_id: membership.organisation
        for membership in Membership.objects.filter(
            prefecture_id=day.cohort.prefecture_id,
            role=Role.TRAINEE,
            user_id__in=[e.trainee_id for e in enrollments],
        ).select_related("organisation")
    }
    rows = []
    for enrollment in enrollments:
        trainee = enrollment.trainee
        organisation = organisations.get(trainee.pk)
        rows.append(
            (
                trainee.full_name,
                trainee.furigana,
                trainee.email,
                organisation.municipality_text if organisation else "",
                organisation.name if organisation else "",
                enrollment.get_status_display(),
            )
        )
    return rows
