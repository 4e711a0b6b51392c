"""Writes about workshops: setting up, groups, posts, the timer and attendance."""

import math
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from base.validators import text_problem
from courses import progress_hooks
from courses.models import Cohort, Enrollment
from workshops import permissions
from workshops.methods import TEMPLATES
from workshops.models import (
    TEXT_LIMIT,
    Announcement,
    Attendance,
    GroupMember,
    Highlight,
    Post,
    PostKind,
    Workshop,
    WorkshopGroup,
    WorkshopPhase,
)

MAX_EXTEND_MINUTES = 60
# More posts than this from one person within the window are refused, across every process.
FLOOD_POSTS = 10
FLOOD_SECONDS = 10


class WorkshopError(Exception):
    """A workshop change was refused; `code` is the protocol's error code, the message is shown."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _check_facilitators(cohort: Cohort, facilitators) -> None:
    for person in facilitators:
        if not Membership.objects.filter(
            user=person, prefecture_id=cohort.prefecture_id, role=Role.FACILITATOR
        ).exists():
            raise WorkshopError(
                "invalid",
                _("%(person)s さんは%(name)sのファシリテーターではありません。")
                % {"person": person, "name": cohort.prefecture.name},
            )


@transaction.atomic
def workshop_create(
    *,
    cohort: Cohort,
    title: str,
    starts_at: datetime,
    method: str,
    facilitators,
    case_study=None,
    group_size: int = 5,
) -> Workshop:
    """Plan a group-work session for a cohort, with the phases of its method's template."""
    if method not in TEMPLATES:
        raise WorkshopError("invalid", _("方法が正しくありません。"))
    if not 2 <= group_size <= 12:
        raise WorkshopError("invalid", _("1グループの人数は2〜12人にしてください。"))
    facilitators = list(facilitators)
    if not facilitators:
        raise WorkshopError("invalid", _("ファシリテーターを1人以上選んでください。"))
    _check_facilitators(cohort, facilitators)
    workshop = Workshop.objects.create(
        cohort=cohort,
        title=title,
        starts_at=starts_at,
        method=method,
        case_study=case_study,
        group_size=group_size,
    )
    workshop.facilitators.set(facilitators)
    phases = [
        WorkshopPhase(
            workshop=workshop,
            order=index,
            name=template.name,
            minutes=template.minutes,
            instructions=template.instructions,
            prompts="\n".join(template.prompts),
        )
        for index, template in enumerate(TEMPLATES[method], start=1)
    ]
    WorkshopPhase.objects.bulk_create(phases)
    first = workshop.phases.order_by("order").first()
    workshop.current_phase = first
    workshop.timer_remaining = first.minutes * 60
    workshop.save(update_fields=["current_phase", "timer_remaining"])
    return workshop


def _organisation_of(cohort: Cohort) -> dict[int, tuple[str, str]]:
    """Each trainee's (municipality, organisation) in the cohort's prefecture."""
    rows = Membership.objects.filter(
        prefecture_id=cohort.prefecture_id, role=Role.TRAINEE
    ).values_list("user_id", "organisation__municipality_text", "organisation__name")
    return {user_id: (town or "", org or "") for user_id, town, org in rows}


def enrolled_trainees(workshop: Workshop) -> list[User]:
    """Trainees who may be in the workshop's groups: those enrolled in its cohort."""
    return list(
        User.objects.filter(
            enrollments__cohort=workshop.cohort,
            enrollments__status__in=permissions.JOINING_STATUSES,
        )
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def groups_assign(*, workshop: Workshop, group_size: int) -> list[WorkshopGroup]:
    """Split the cohort's trainees into groups of about `group_size`, mixing workplaces and towns.

    Trainees are sorted by municipality and organisation and then dealt round
    the groups like cards, so colleagues from one office land in different groups.
    Existing groups without posts are replaced; groups that already hold posts stay.
    """
    if not 2 <= group_size <= 12:
        raise WorkshopError("invalid", _("1グループの人数は2〜12人にしてください。"))
    if Post.objects.filter(group__workshop=workshop).exists():
        raise WorkshopError(
            "invalid", _("投稿があるため、グループを作り直せません。個別に移動してください。")
        )
    trainees = enrolled_trainees(workshop)
    if not trainees:
        raise WorkshopError("invalid", _("この回に受講登録している受講者がいません。"))
    places = _organisation_of(workshop.cohort)
    trainees.sort(key=lambda person: (*places.get(person.pk, ("", "")), person.pk))
    count = max(1, math.ceil(len(trainees) / group_size))
    workshop.groups.all().delete()
    groups = WorkshopGroup.objects.bulk_create(
        [WorkshopGroup(workshop=workshop, number=number) for number in range(1, count + 1)]
    )
    groups = list(workshop.groups.order_by("number"))
    GroupMember.objects.bulk_create(
        [
            GroupMember(workshop=workshop, group=groups[index % count], trainee=person)
            for index, person in enumerate(trainees)
        ]
    )
    workshop.group_size = group_size
    workshop.save(update_fields=["group_size"])
    return groups


@transaction.atomic
def group_add(*, workshop: Workshop) -> WorkshopGroup:
    """Open one more, empty group."""
    # Two clicks at once would both take the same next number without the row lock.
    workshop = _lock(workshop)
    last = workshop.groups.order_by("-number").values_list("number", flat=True).first() or 0
    return WorkshopGroup.objects.create(workshop=workshop, number=last + 1)


def _no_such_trainee() -> WorkshopError:
    """The one answer for every person who is not this workshop's trainee: it names nobody."""
    return WorkshopError("not_found", _("この回の受講者が見つかりません。"))


@transaction.atomic
def member_move(*, workshop: Workshop, trainee: User, group: WorkshopGroup) -> GroupMember:
    """Put a trainee into a group of the workshop (from another group or from none)."""
    if group.workshop_id != workshop.pk:
        raise WorkshopError("not_found", _("グループが見つかりません。"))
    if not workshop.cohort.enrollments.filter(
        trainee=trainee, status__in=permissions.JOINING_STATUSES
    ).exists():
        raise _no_such_trainee()
    member, _created = GroupMember.objects.update_or_create(
        workshop=workshop, trainee=trainee, defaults={"group": group}
    )
    return member


def member_remove(*, workshop: Workshop, trainee: User) -> None:
    """Take a trainee out of the workshop's groups."""
    GroupMember.objects.filter(workshop=workshop, trainee=trainee).delete()


@transaction.atomic
def member_place(
    *, workshop: Workshop, trainee_id: object, group_id: object
) -> tuple[User, WorkshopGroup | None]:
    """Move the workshop's trainee named by id into a group, or out of every group (no group).

    The setup page and the live socket both come here, so an id from either is looked
    up only among the workshop's own trainees, and every other id gets one answer.
    """
    # selectors imports this module for the timer, so it is imported here, not at the top.
    from workshops import selectors

    trainee = selectors.workshop_trainee(workshop, trainee_id)
    if trainee is None:
        raise _no_such_trainee()
    if group_id is None:
        member_remove(workshop=workshop, trainee=trainee)
        return trainee, None
    group = workshop.groups.filter(pk=group_id).first() if selectors.is_row_id(group_id) else None
    if group is None:
        raise WorkshopError("not_found", _("グループが見つかりません。"))
    member_move(workshop=workshop, trainee=trainee, group=group)
    return trainee, group


def _clean_text(text, limit: int = TEXT_LIMIT) -> str:
    if not isinstance(text, str) or not text.strip():
        raise WorkshopError("invalid", _("内容を入力してください。"))
    # PostgreSQL refuses NUL outright and SQLite stores it; refuse it (and mojibake) on both.
    problem = text_problem(text, multiline=True)
    if problem:
        raise WorkshopError("invalid", str(problem))
    if len(text) > limit:
        raise WorkshopError(
            "too_long",
            _("%(limit)s文字以内で書いてください（いまは%(count)s文字です）。")
            % {"limit": f"{limit:,}", "count": f"{len(text):,}"},
        )
    return text.strip()


class Numbered(NamedTuple):
    """What taking a post number read under the group's lock."""

    seq: int
    status: str
    phase_id: int | None
    recent: int


def _next_seq(*, workshop_id: int, group_id: int, author_id: int) -> Numbered | None:
    """Take the group's next post number, if the author is still a member of the group.

    One UPDATE … RETURNING does it all: it checks membership and numbers the post, it
    locks the group's row until commit, so numbers never repeat or skip, and under that
    lock it reads the workshop's status and current phase and counts the author's posts
    in the flood window, sparing a round trip each (they were most of a post's time in
    bench.live, the flood count a Redis get and set per post). The ORM has no UPDATE …
    RETURNING; SQLite (3.35+) and PostgreSQL both speak it, with scalar subqueries.
    """
    quote = connection.ops.quote_name
    group_table = quote(WorkshopGroup._meta.db_table)
    member_table = quote(GroupMember._meta.db_table)
    workshop_table = quote(Workshop._meta.db_table)
    post_table = quote(Post._meta.db_table)
    status = quote(Workshop._meta.get_field("status").column)
    phase = quote(Workshop._meta.get_field("current_phase").column)
    since = connection.ops.adapt_datetimefield_value(
        timezone.now() - timedelta(seconds=FLOOD_SECONDS)
    )
    recent = [author_id, workshop_id, since]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {group_table} SET last_seq = last_seq + 1 "  # noqa: S608
            f"WHERE id = %s AND workshop_id = %s AND EXISTS "
            f"(SELECT 1 FROM {member_table} WHERE group_id = %s AND trainee_id = %s) "
            f"RETURNING last_seq, (SELECT {status} FROM {workshop_table} WHERE id = %s), "
            f"(SELECT {phase} FROM {workshop_table} WHERE id = %s), "
            f"(SELECT COUNT(*) FROM {post_table} p JOIN {group_table} g ON g.id = p.group_id "
            f"WHERE p.author_id = %s AND g.workshop_id = %s AND p.created_at > %s)",
            [group_id, workshop_id, group_id, author_id, workshop_id, workshop_id, *recent],
        )
        row = cursor.fetchone()
    return Numbered(*row) if row else None


def post_create(
    *,
    workshop_id: int,
    author: User,
    kind: str,
    text: str,
    client_id: str,
    group_id: int | None = None,
) -> tuple[Post, bool]:
    """Store a post on the author's own group board with the group's next number.

    Returns (post, created). A post whose client_id was already stored (a resend
    after reconnecting) is returned as it is, so it is kept exactly once. The live
    socket passes the group it believes the author is in; the write checks it.
    """
    if not isinstance(client_id, str) or not 1 <= len(client_id) <= 64:
        raise WorkshopError("invalid", _("投稿の識別子がありません。"))
    if text_problem(client_id):
        raise WorkshopError("invalid", _("投稿の識別子が正しくありません。"))
    text = _clean_text(text)
    if kind not in PostKind.values:
        raise WorkshopError("invalid", _("投稿の種類が正しくありません。"))
    if group_id is None:
        group_id = (
            GroupMember.objects.filter(workshop_id=workshop_id, trainee=author)
            .values_list("group_id", flat=True)
            .first()
        )
    try:
        with transaction.atomic():
            numbered = (
                _next_seq(workshop_id=workshop_id, group_id=group_id, author_id=author.pk)
                if group_id
                else None
            )
            if numbered is None:
                existing = Post.objects.filter(author=author, client_id=client_id).first()
                if existing is not None:
                    return existing, False
                if not Workshop.objects.filter(pk=workshop_id).exists():
                    raise WorkshopError("not_found", _("グループワークが見つかりません。"))
                raise WorkshopError("no_group", _("まだグループに入っていません。"))
            # Each refusal is raised inside the transaction, so the number taken is rolled back.
            if numbered.status == Workshop.Status.ENDED:
                raise WorkshopError("closed", _("このグループワークは終了しました。"))
            if numbered.recent >= FLOOD_POSTS:
                existing = Post.objects.filter(author=author, client_id=client_id).first()
                if existing is not None:
                    return existing, False
                raise WorkshopError(
                    "flood",
                    _(
                        "投稿が多すぎます。%(seconds)s秒あたり%(count)s件までです。"
                        "少し待ってから送ってください。"
                    )
                    % {"seconds": FLOOD_SECONDS, "count": FLOOD_POSTS},
                )
            post = Post.objects.create(
                group_id=group_id,
                author=author,
                phase_id=numbered.phase_id,
                kind=kind,
                text=text,
                seq=numbered.seq,
                client_id=client_id,
            )
    except IntegrityError:
        # The same client_id again: the number taken above was rolled back with it.
        return Post.objects.select_related("author").get(author=author, client_id=client_id), False
    return post, True


def announcement_create(*, workshop: Workshop, author: User, text: str) -> Announcement:
    """Send a message to every group."""
    return Announcement.objects.create(workshop=workshop, author=author, text=_clean_text(text))


def highlight_set(*, workshop: Workshop, post_id, by: User, on: bool = True) -> Post:
    """Bring a post to the plenary, or take it back."""
    # selectors imports this module for the timer, so it is imported here, not at the top.
    from workshops.selectors import is_row_id

    post = (
        Post.objects.filter(pk=post_id, group__workshop=workshop)
        .select_related("author", "phase", "group")
        .first()
        if is_row_id(post_id)
        else None
    )
    if post is None:
        raise WorkshopError("not_found", _("投稿が見つかりません。"))
    if on:
        Highlight.objects.get_or_create(workshop=workshop, post=post, defaults={"chosen_by": by})
    else:
        Highlight.objects.filter(post=post).delete()
    return post


def _lock(workshop: Workshop) -> Workshop:
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def remaining_seconds(workshop: Workshop, now: datetime | None = None) -> int:
    """Seconds left on the timer, whether it runs or is paused."""
    if workshop.timer_deadline is None:
        return workshop.timer_remaining
    now = now or timezone.now()
    return max(0, math.ceil((workshop.timer_deadline - now).total_seconds()))


@transaction.atomic
def timer_start(*, workshop: Workshop) -> Workshop:
    """Start (or resume) the shared timer; the session is live from the first start."""
    workshop = _lock(workshop)
    if workshop.status == Workshop.Status.ENDED:
        raise WorkshopError("closed", _("このグループワークは終了しました。"))
    if workshop.timer_deadline is None:
        workshop.timer_deadline = timezone.now() + timedelta(seconds=workshop.timer_remaining)
    workshop.status = Workshop.Status.LIVE
    workshop.save(update_fields=["timer_deadline", "status"])
    return workshop


@transaction.atomic
def timer_pause(*, workshop: Workshop) -> Workshop:
    """Stop the timer, keeping the seconds left."""
    workshop = _lock(workshop)
    if workshop.timer_deadline is not None:
        workshop.timer_remaining = remaining_seconds(workshop)
        workshop.timer_deadline = None
        workshop.save(update_fields=["timer_deadline", "timer_remaining"])
    return workshop


@transaction.atomic
def timer_extend(*, workshop: Workshop, minutes) -> Workshop:
    """Give the current phase more time."""
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 60:
        raise WorkshopError(
            "invalid", _("延長は1〜%(max)s分で指定してください。") % {"max": MAX_EXTEND_MINUTES}
        )
    workshop = _lock(workshop)
    if workshop.timer_deadline is not None:
        base = max(workshop.timer_deadline, timezone.now())
        workshop.timer_deadline = base + timedelta(minutes=minutes)
    else:
        workshop.timer_remaining += minutes * 60
    workshop.save(update_fields=["timer_deadline", "timer_remaining"])
    return workshop


@transaction.atomic
def phase_step(*, workshop: Workshop, step: int) -> Workshop:
    """Go to the next (+1) or previous (-1) phase; its timer is set and waits for start."""
    workshop = _lock(workshop)
    phases = list(workshop.phases.order_by("order"))
    if not phases:
        raise WorkshopError("invalid", _("フェーズがありません。"))
    ids = [phase.pk for phase in phases]
    index = ids.index(workshop.current_phase_id) if workshop.current_phase_id in ids else -1
    target = index + step
    if not 0 <= target < len(phases):
        message = _("最後のフェーズです。") if step > 0 else _("最初のフェーズです。")
        raise WorkshopError("invalid", message)
    workshop.current_phase = phases[target]
    workshop.timer_deadline = None
    workshop.timer_remaining = phases[target].minutes * 60
    workshop.save(update_fields=["current_phase", "timer_deadline", "timer_remaining"])
    return workshop


@transaction.atomic
def workshop_end(*, workshop: Workshop) -> Workshop:
    """Close the session: boards stop taking posts, and the record is final."""
    workshop = _lock(workshop)
    workshop.status = Workshop.Status.ENDED
    workshop.timer_deadline = None
    workshop.timer_remaining = 0
    workshop.save(update_fields=["status", "timer_deadline", "timer_remaining"])
    Attendance.objects.filter(workshop=workshop, left_at__isnull=True).update(
        left_at=timezone.now()
    )
    return workshop


#: A phase's texts, and whether each may hold line breaks.
PHASE_TEXTS = (("name", False), ("instructions", True), ("prompts", True))


def _check_phase_texts(phases: list[dict]) -> None:
    """Refuse the whole list when any phase holds text that cannot be shown (mojibake, controls)."""
    labels = {"name": _("フェーズ名"), "instructions": _("進め方"), "prompts": _("問いかけ")}
    for number, row in enumerate(phases, start=1):
        for field, multiline in PHASE_TEXTS:
            problem = text_problem(row.get(field) or "", multiline=multiline)
            if problem:
                raise WorkshopError(
                    "invalid",
                    _("%(number)s番目のフェーズの「%(field)s」: %(problem)s")
                    % {"number": number, "field": labels[field], "problem": problem},
                )


def phases_save(*, workshop: Workshop, phases: list[dict]) -> list[WorkshopPhase]:
    """Replace the workshop's phases with the edited list (name, minutes, instructions, prompts)."""
    if not phases:
        raise WorkshopError("invalid", _("フェーズを1つ以上入れてください。"))
    _check_phase_texts(phases)
    with transaction.atomic():
        workshop = _lock(workshop)
        current = workshop.current_phase_id
        kept = []
        existing = {phase.pk: phase for phase in workshop.phases.all()}
        # Free the order numbers first, so reordering never trips the unique constraint.
        workshop.phases.update(order=F("order") + 1000)
        for order, row in enumerate(phases, start=1):
            phase = existing.pop(row.get("id"), None) or WorkshopPhase(workshop=workshop)
            phase.order = order
            phase.name = row["name"]
            phase.minutes = row["minutes"]
            phase.instructions = row.get("instructions", "")
            phase.prompts = row.get("prompts", "")
            phase.save()
            kept.append(phase)
        for phase in existing.values():
            phase.delete()
        if current not in {phase.pk for phase in kept}:
            workshop.current_phase = kept[0]
            workshop.timer_deadline = None
            workshop.timer_remaining = kept[0].minutes * 60
            workshop.save(update_fields=["current_phase", "timer_deadline", "timer_remaining"])
    return kept


@transaction.atomic
def attendance_open(*, workshop_id: int, user: User) -> Attendance:
    """A person's socket joined the session; a trainee's completion hears of it at once."""
    attendance = Attendance.objects.create(workshop_id=workshop_id, user=user)
    enrollment = (
        Enrollment.objects.filter(trainee=user, cohort__workshops__pk=workshop_id)
        .select_related("cohort")
        .first()
    )
    if enrollment is not None:
        progress_hooks.progress_changed(enrollment=enrollment)
    return attendance


def attendance_close(*, attendance_id: int) -> None:
    """That socket left."""
    Attendance.objects.filter(pk=attendance_id, left_at__isnull=True).update(left_at=timezone.now())
