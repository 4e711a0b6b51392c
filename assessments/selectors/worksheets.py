"""Reads of the plan worksheet: whose plans a person may open, the review queue, what is done."""

from collections.abc import Collection
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts import scoping
from accounts.models import Role
from assessments.models.worksheets import (
    PLAN_FIELD_NAMES,
    PLAN_FIELDS,
    PlanService,
    PlanWorksheet,
    PlanWorksheetPage,
    WorksheetRound,
)
from assessments.permissions import enrollments_watched_by, own_enrollments
from courses.models import Enrollment, ProgramPage
from courses.permissions import READING_STATUSES


def pages_of(program: ProgramPage) -> list[PlanWorksheetPage]:
    """The live worksheet pages under a program, in the program's order."""
    return list(PlanWorksheetPage.objects.child_of(program).live().order_by("path"))


def done_pages(enrollment_ids: Collection[int]) -> dict[int, set[int]]:
    """For each enrollment, the ids of the worksheet pages whose plan was accepted (one query)."""
    done: dict[int, set[int]] = {pk: set() for pk in enrollment_ids}
    rows = PlanWorksheet.objects.filter(
        enrollment_id__in=list(enrollment_ids), status=PlanWorksheet.Status.ACCEPTED
    ).values_list("enrollment_id", "page_id")
    for enrollment_id, page_id in rows:
        done[enrollment_id].add(page_id)
    return done


def enrollment_for_page(user, page: PlanWorksheetPage) -> Enrollment | None:
    """The person's own reading enrollment in the program the worksheet page belongs to."""
    program_path = page.path[: -PlanWorksheetPage.steplen]
    return (
        own_enrollments(user)
        .filter(cohort__program__path=program_path)
        .select_related("cohort")
        .order_by("-created_at")
        .first()
    )


def worksheets_readable_by(user) -> QuerySet[PlanWorksheet]:
    """Plans a person may read: their own, their cohorts' (facilitators), their prefecture's (admins)."""
    own = own_enrollments(user).values("pk")
    watched = enrollments_watched_by(user).values("pk")
    return PlanWorksheet.objects.for_user(user).filter(
        Q(enrollment__in=own) | Q(enrollment__in=watched)
    )


def plans_on_page_for_staff(user, page: PlanWorksheetPage) -> list[PlanWorksheet]:
    """The plans on this page a facilitator or administrator may read, by cohort and name."""
    return list(
        worksheets_readable_by(user)
        .filter(page=page, enrollment__in=enrollments_watched_by(user).values("pk"))
        .select_related("enrollment__trainee", "enrollment__cohort")
        .order_by("enrollment__cohort__starts_on", "enrollment__trainee__furigana", "pk")
    )


def is_reviewer(user) -> bool:
    """Whether the person facilitates in some prefecture, so the review queue is theirs to open."""
    return bool(scoping.prefecture_ids_for(user, [Role.FACILITATOR]))


def worksheet_owned_by(user, worksheet_id: int) -> PlanWorksheet | None:
    """The trainee's own worksheet with this id, or None (another trainee's is never theirs)."""
    return (
        PlanWorksheet.objects.for_user(user, roles=[Role.TRAINEE])
        .filter(pk=worksheet_id, enrollment__in=own_enrollments(user).values("pk"))
        .select_related("page", "enrollment__cohort")
        .first()
    )


def _reviewable_by(user) -> QuerySet[PlanWorksheet]:
    # A withdrawn trainee's plan no longer waits for anyone.
    return PlanWorksheet.objects.for_user(user, roles=[Role.FACILITATOR]).filter(
        enrollment__cohort__facilitators=user, enrollment__status__in=READING_STATUSES
    )


def waited_for(since: datetime, now: datetime | None = None) -> dict:
    """How long something has waited, in the largest whole unit: minutes, hours or days."""
    seconds = max(0, int(((now or timezone.now()) - since).total_seconds()))
    if seconds < 3600:
        return {"unit": "minutes", "count": seconds // 60}
    if seconds < 86400:
        return {"unit": "hours", "count": seconds // 3600}
    return {"unit": "days", "count": seconds // 86400}


def review_queue(user) -> list[WorksheetRound]:
    """Plans waiting for this facilitator's cohorts, oldest submission first, with their wait."""
    rounds = list(
        WorksheetRound.objects.filter(
            decided_at__isnull=True,
            worksheet__status=PlanWorksheet.Status.SUBMITTED,
            worksheet__in=_reviewable_by(user).values("pk"),
        )
        .select_related(
            "worksheet__page", "worksheet__enrollment__trainee", "worksheet__enrollment__cohort"
        )
        .order_by("submitted_at", "pk")
    )
    now = timezone.now()
    for item in rounds:
        item.waited = waited_for(item.submitted_at, now)
    return rounds


def review_queue_count(user) -> int | None:
    """How many plans wait for this person's review; None for someone who facilitates no cohort."""
    if not _facilitates_any(user):
        return None
    return WorksheetRound.objects.filter(
        decided_at__isnull=True,
        worksheet__status=PlanWorksheet.Status.SUBMITTED,
        worksheet__in=_reviewable_by(user).values("pk"),
    ).count()


def _facilitates_any(user) -> bool:
    from assessments.permissions import cohorts_watched_by

    return (
        cohorts_watched_by(user)
        .filter(facilitators=user, program__path__in=_programs_with_worksheets())
        .exists()
    )


def _programs_with_worksheets() -> list[str]:
    paths = PlanWorksheetPage.objects.live().values_list("path", flat=True)
    return sorted({path[: -PlanWorksheetPage.steplen] for path in paths})


def rounds_of(worksheet: PlanWorksheet) -> list[WorksheetRound]:
    """Every round of a plan, newest first, with who reviewed it."""
    return list(worksheet.rounds.select_related("reviewer").order_by("-number"))


def plan_rows(content: dict, comments: dict | None = None) -> list[dict]:
    """The plan's fields in the form's order, each with its label, text and the comment on it."""
    comments = comments or {}
    rows = [
        {
            "name": field.name,
            "label": field.label,
            "text": content.get(field.name, ""),
            "comment": comments.get(field.name, ""),
        }
        for field in PLAN_FIELDS
    ]
    chosen = set(content.get("services", []))
    # Services follow 支援内容, as on the form.
    rows.insert(
        PLAN_FIELD_NAMES.index("support") + 1,
        {
            "name": "services",
            "label": PlanWorksheet._meta.get_field("services").verbose_name,
            "services": [label for code, label in PlanService.choices if code in chosen],
            "comment": comments.get("services", ""),
        },
    )
    rows.append(
        {
            "name": "consent",
            "label": PlanWorksheet._meta.get_field("consent").verbose_name,
            "consent": bool(content.get("consent")),
            "comment": comments.get("consent", ""),
        }
    )
    return rows


def last_decision(worksheet: PlanWorksheet) -> WorksheetRound | None:
    """The latest decided round, whose comments the trainee reads beside their text."""
    return (
        worksheet.rounds.filter(decided_at__isnull=False)
        .select_related("reviewer")
        .order_by("-number")
        .first()
    )
