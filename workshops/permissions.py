"""Who may run, join and read a workshop."""

import enum
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts import scoping
from accounts.models import Role
from courses.models import Enrollment
from workshops.models import Workshop

#: Enrollment states that let a trainee into the cohort's group work.
JOINING_STATUSES = (Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED)
#: Roles in the cohort's prefecture that let a listed facilitator run the workshop. Being on
#: the list is not enough: taking the role away (membership_revoke) must close the console.
FACILITATING_ROLES = (Role.FACILITATOR, Role.PREFECTURE_ADMIN)
#: The role in the cohort's prefecture an enrolled trainee needs to join.
JOINING_ROLES = (Role.TRAINEE,)


def is_facilitator(user, workshop: Workshop) -> bool:
    """Whether the person runs this workshop: listed, and holding the role in its prefecture."""
    if not getattr(user, "is_authenticated", False):
        return False
    if workshop.cohort.prefecture_id not in scoping.prefecture_ids_for(user, FACILITATING_ROLES):
        return False
    return workshop.facilitators.filter(pk=user.pk).exists()


def is_participant(user, workshop: Workshop) -> bool:
    """Whether the person is enrolled in the cohort and still a trainee of its prefecture."""
    if not getattr(user, "is_authenticated", False):
        return False
    if workshop.cohort.prefecture_id not in scoping.prefecture_ids_for(user, JOINING_ROLES):
        return False
    return workshop.cohort.enrollments.filter(trainee=user, status__in=JOINING_STATUSES).exists()


def can_manage(user, workshop: Workshop) -> bool:
    """Facilitators and the prefecture's administrators set up groups and read the record."""
    if is_facilitator(user, workshop):
        return True
    admin_prefectures = scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
    return workshop.cohort.prefecture_id in admin_prefectures


class ConsoleMode(enum.StrEnum):
    """What a person may do on the 進行画面: run it, or only watch it."""

    RUN = "run"
    WATCH = "watch"


def console_mode(user, workshop: Workshop) -> ConsoleMode | None:
    """The one rule for the console, its socket and the plenary screen.

    Listed facilitators run the session; the prefecture's administrators may watch it
    (every board, who is connected, the timer, the phases) but use none of the controls,
    since they are not the ones leading the room.
    """
    if is_facilitator(user, workshop):
        return ConsoleMode.RUN
    if getattr(user, "is_authenticated", False) and workshop.cohort.prefecture_id in (
        scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
    ):
        return ConsoleMode.WATCH
    return None


@dataclass(frozen=True)
class RecordAccess:
    """How much of the record a person may read: everything, or their own group's part."""

    full: bool
    #: the trainee's own group; None for the full record or a trainee placed in no group
    group_id: int | None = None


def record_access(user, workshop: Workshop) -> RecordAccess | None:
    """Managers read every group and the attendance; a trainee their own group and the highlights."""
    if can_manage(user, workshop):
        return RecordAccess(full=True)
    if is_participant(user, workshop):
        place = workshop.members.filter(trainee=user).values_list("group_id", flat=True).first()
        return RecordAccess(full=False, group_id=place)
    return None


@dataclass(frozen=True)
class WorkshopLinks:
    """The workshop pages a person may open, so no page links to a 404."""

    board: bool
    console: bool
    watching: bool
    setup: bool
    record: bool

    @property
    def main(self) -> str:
        """The page the workshop's title opens: the board, the console, or else the record."""
        if self.board:
            return "workshops:board"
        if self.console:
            return "workshops:console"
        return "workshops:record"


def workshop_links(user, workshop: Workshop) -> WorkshopLinks:
    """Which of the board, console (run or watch), setup and record the person may open."""
    mode = console_mode(user, workshop)
    return WorkshopLinks(
        # A facilitator who opens the board is sent to the console, so it is not offered.
        board=mode != ConsoleMode.RUN and is_participant(user, workshop),
        console=mode is not None,
        watching=mode == ConsoleMode.WATCH,
        setup=can_manage(user, workshop),
        record=record_access(user, workshop) is not None,
    )


def workshops_visible_to(user) -> QuerySet[Workshop]:
    """Workshops a person may open: those they run, join, or administer."""
    if not getattr(user, "is_authenticated", False):
        return Workshop.objects.none()
    admin_prefectures = scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
    return Workshop.objects.filter(
        Q(
            facilitators=user,
            cohort__prefecture__in=scoping.prefecture_ids_for(user, FACILITATING_ROLES),
        )
        | Q(
            cohort__enrollments__trainee=user,
            cohort__enrollments__status__in=JOINING_STATUSES,
            cohort__prefecture__in=scoping.prefecture_ids_for(user, JOINING_ROLES),
        )
        | Q(cohort__prefecture__in=admin_prefectures)
    ).distinct()


def cohorts_for_new_workshop(user) -> QuerySet:
    """Cohorts in which the person may open a workshop: those they facilitate or administer."""
    from courses.models import Cohort

    if not getattr(user, "is_authenticated", False):
        return Cohort.objects.none()
    admin_prefectures = scoping.prefecture_ids_for(user, [Role.PREFECTURE_ADMIN])
    facilitating = scoping.prefecture_ids_for(user, FACILITATING_ROLES)
    return Cohort.objects.filter(
        Q(facilitators=user, prefecture__in=facilitating) | Q(prefecture__in=admin_prefectures)
    ).distinct()
