"""The one place that decides completion, marks steps done by hand and changes a rule."""

import hashlib
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models import CompletionOverride, CompletionRule
from assessments.models.completion import OVERRIDE_REASON_MAX_LENGTH
from assessments.selectors import completion as selectors
from base.validators import text_problem
from courses import services as course_services
from courses.models import Enrollment, ProgramPage
from courses.permissions import READING_STATUSES


class CompletionError(Exception):
    """A completion change was refused; the message is shown as it is."""


#: Whoever wants the decisions of a request timed (bench.assessments) sets a list here;
#: completion_refresh appends each decision's milliseconds to it. Unset, nothing is kept.
decision_timings: ContextVar[list[float] | None] = ContextVar(
    "completion_decision_timings", default=None
)


def completion_refresh(*, enrollment: Enrollment) -> bool:
    """Decide, inside the event's transaction, whether the enrollment is complete; True if it is.

    Every write that can finish a step calls this as its last step. The moment the
    rule is met the enrollment is recorded complete, with the time. It never takes a
    completion away: only a confirmed rule change does (completion_rule_save).
    """
    started = time.perf_counter()
    try:
        return _decide(enrollment)
    finally:
        timings = decision_timings.get()
        if timings is not None:
            timings.append((time.perf_counter() - started) * 1000)


# No savepoint: called inside an event's transaction, a failure here fails the event anyway.
@transaction.atomic(savepoint=False)
def _decide(enrollment: Enrollment) -> bool:
    # The lock is the enrollment's row only: PostgreSQL's FOR UPDATE also locks every
    # joined row unless told which, and the cohort's and the program's rows would queue
    # every trainee of the cohort, and of the program, behind one another.
    locked = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("cohort", "cohort__program")
        .filter(pk=enrollment.pk)
        .first()
    )
    if locked is None or locked.status not in READING_STATUSES:
        return False
    if locked.status == Enrollment.Status.COMPLETED:
        _copy_completion(locked, enrollment)
        return True
    if not selectors.rule_met(locked):
        return False
    course_services.enrollment_completion_set(enrollment=locked, completed_at=timezone.now())
    _copy_completion(locked, enrollment)
    return True


def _copy_completion(source: Enrollment, target: Enrollment) -> None:
    # The caller's instance sees the decision without reading the row again.
    target.status, target.completed_at = source.status, source.completed_at


def _clean_reason(reason) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise CompletionError(_("手作業で完了にする理由を入力してください。"))
    reason = reason.replace("\r\n", "\n").strip()
    if len(reason) > OVERRIDE_REASON_MAX_LENGTH:
        raise CompletionError(
            _("理由は%(max)s文字以内にしてください（いま%(length)s文字）。")
            % {"max": OVERRIDE_REASON_MAX_LENGTH, "length": len(reason)}
        )
    problem = text_problem(reason, multiline=True)
    if problem:
        raise CompletionError(_("理由: %(problem)s") % {"problem": problem})
    return reason


@transaction.atomic
def completion_override(
    *, enrollment: Enrollment, step_key: str, reason: str, by: User
) -> CompletionOverride:
    """The administrator marks one open step done by hand, saying why; logged with who and when."""
    reason = _clean_reason(reason)
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
    status = selectors.completion_status(enrollment)
    state = status.state(step_key) if isinstance(step_key, str) else None
    if state is None:
        raise CompletionError(_("この受講者の修了の要件にない項目です。"))
    if state.override is not None:
        raise CompletionError(_("この項目はすでに手作業で完了にしています。"))
    if state.done_by_trainee:
        raise CompletionError(_("この項目は受講者がすでに完了しています。"))
    try:
        with transaction.atomic():
            row = CompletionOverride.objects.create(
                enrollment=enrollment,
                step_key=step_key,
                step_label=state.step.label[:300],
                reason=reason,
                marked_by=by,
            )
    except IntegrityError as exc:  # a second click that raced the first
        raise CompletionError(_("この項目はすでに手作業で完了にしています。")) from exc
    completion_refresh(enrollment=enrollment)
    return row


@dataclass
class RuleChange:
    """What saving a rule would do to the program's enrollments, before anyone confirms."""

    losing: list[Enrollment]
    gaining: list[Enrollment]

    @property
    def takes_completion_away(self) -> bool:
        return bool(self.losing)

    @property
    def token(self) -> str:
        """Names exactly who would lose completion: a confirmation holds for this list only."""
        ids = ",".join(str(pk) for pk in sorted(e.pk for e in self.losing))
        return hashlib.sha256(ids.encode()).hexdigest()[:32]


class RuleNeedsConfirmation(CompletionError):
    """Saving the rule would take completion away from people; it waits for a confirmation."""

    def __init__(self, change: RuleChange):
        super().__init__(
            _("%(n)s人の修了が取り消されます。確認してから保存してください。")
            % {"n": len(change.losing)}
        )
        self.change = change


def _program_enrollments(program: ProgramPage) -> list[Enrollment]:
    return list(
        Enrollment.objects.filter(cohort__program=program, status__in=READING_STATUSES)
        .select_related("trainee", "cohort", "cohort__program", "cohort__prefecture")
        .order_by("cohort__prefecture__code", "cohort__starts_on", "trainee__furigana")
    )


def rule_change_preview(*, rule: CompletionRule, lessons=None, quizzes=None) -> RuleChange:
    """Who would lose and who would gain completion if `rule` (unsaved) were saved.

    `lessons` and `quizzes` are the chosen pages as they would be saved; the rule's
    current ones are used when they are not given.
    """
    with transaction.atomic():
        enrollments = _program_enrollments(rule.program)
        adding, pk = rule._state.adding, rule.pk
        sid = transaction.savepoint()
        try:
            _store(rule, lessons, quizzes)
            found = selectors.statuses(enrollments)
        finally:
            # The preview reads the rule as it would be, then leaves nothing behind.
            transaction.savepoint_rollback(sid)
            rule._state.adding, rule.pk = adding, pk
            getattr(rule, "_prefetched_objects_cache", {}).clear()
    completed = Enrollment.Status.COMPLETED
    return RuleChange(
        losing=[e for e in enrollments if e.status == completed and not found[e.pk].complete],
        gaining=[e for e in enrollments if e.status != completed and found[e.pk].complete],
    )


def _store(rule: CompletionRule, lessons, quizzes) -> None:
    rule.save()
    if lessons is not None:
        rule.lessons.set(lessons)
    if quizzes is not None:
        rule.quizzes.set(quizzes)
    # The prefetched choices would hide what was just set.
    getattr(rule, "_prefetched_objects_cache", {}).clear()


@transaction.atomic
def completion_rule_save(
    *, rule: CompletionRule, lessons=None, quizzes=None, confirmed: str = ""
) -> RuleChange:
    """Save a program's rule and apply it to everyone enrolled in the program.

    If the new rule would take completion away from anyone, nothing is saved until
    `confirmed` is the token of that very change (RuleNeedsConfirmation says who, and
    carries it): a confirmation given for other people, or before seeing them, holds
    nothing. Confirmed, they are no longer complete; those it completes are now.
    """
    for chosen, label in ((lessons, _("講義")), (quizzes, _("小テスト"))):
        for page in chosen or ():
            if not page.path.startswith(rule.program.path) or page.depth != rule.program.depth + 1:
                raise CompletionError(
                    _("%(kind)s「%(title)s」はこのプログラムのものではありません。")
                    % {"kind": label, "title": page.title}
                )
    change = rule_change_preview(rule=rule, lessons=lessons, quizzes=quizzes)
    if change.takes_completion_away and confirmed != change.token:
        raise RuleNeedsConfirmation(change)
    _store(rule, lessons, quizzes)
    for enrollment in change.losing:
        course_services.enrollment_completion_set(enrollment=enrollment, completed_at=None)
    for enrollment in change.gaining:
        completion_refresh(enrollment=enrollment)
    return change
