"""Where each trainee stands against their program's completion rule: one enrollment or a cohort.

Everything is read in bulk, so a cohort's table costs the same number of queries for
5 trainees as for 500, and nothing is cached: a step done a moment ago shows at once.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from assessments.models import (
    CompletionOverride,
    CompletionRule,
    PlanWorksheetPage,
    QuizPage,
    SelfRatingPage,
    SurveyPage,
)
from courses import selectors as course_selectors
from courses.models import Cohort, Enrollment, LessonPage, ProgramPage
from courses.permissions import READING_STATUSES
from workshops import selectors as workshop_selectors


class StepKind:
    """The kinds of step a rule can ask for, in checklist order."""

    LESSON = "lesson"
    REFLECTION = "reflection"
    QUIZ = "quiz"
    WORKSHEET = "worksheet"
    RATING = "rating"
    SURVEY = "survey"
    WORKSHOP = "workshop"

    ORDER = (LESSON, REFLECTION, QUIZ, WORKSHEET, RATING, SURVEY, WORKSHOP)


def step_key(kind: str, target_id: int) -> str:
    """The stable key of a step: its kind and the id of the page or workshop it is about."""
    return f"{kind}-{target_id}"


@dataclass(frozen=True)
class Step:
    """One thing a trainee must do to complete a program, with where to go to do it."""

    key: str
    kind: str
    label: str
    url: str
    target_id: int


@dataclass(frozen=True)
class OverrideNote:
    """A step marked done by hand, as the checklist and the table show it: what, why, who, when."""

    step_key: str
    step_label: str
    reason: str
    marked_at: datetime
    marked_by_name: str


@dataclass
class StepState:
    """A step for one enrollment: done by the trainee, marked done by hand, or still open."""

    step: Step
    done_by_trainee: bool
    override: OverrideNote | None = None

    @property
    def done(self) -> bool:
        return self.done_by_trainee or self.override is not None


@dataclass
class CompletionStatus:
    """One enrollment against its program's rule: every step, and whether all are done."""

    enrollment: Enrollment
    steps: list[StepState]

    @property
    def complete(self) -> bool:
        """Every step done; a rule that asks nothing (a program without lessons) never is."""
        return bool(self.steps) and all(state.done for state in self.steps)

    @property
    def done_count(self) -> int:
        return sum(1 for state in self.steps if state.done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def open_steps(self) -> list[StepState]:
        return [state for state in self.steps if not state.done]

    @property
    def overrides(self) -> list[OverrideNote]:
        return [state.override for state in self.steps if state.override is not None]

    def state(self, key: str) -> StepState | None:
        return next((state for state in self.steps if state.step.key == key), None)


@dataclass
class ProgramPlan:
    """A program's rule turned into its steps (the cohort's workshops are added per cohort)."""

    program: ProgramPage
    rule: CompletionRule | None
    steps: list[Step]
    reflection_keys: dict[int, set[str]] = field(default_factory=dict)

    @property
    def workshop_required(self) -> bool:
        return bool(self.rule and self.rule.workshop_required)


_PAGE_KINDS = (
    (StepKind.LESSON, LessonPage),
    (StepKind.QUIZ, QuizPage),
    (StepKind.WORKSHEET, PlanWorksheetPage),
    (StepKind.RATING, SelfRatingPage),
    (StepKind.SURVEY, SurveyPage),
)


def _kind_of_content_type() -> dict[int, str]:
    # ContentType keeps its own cache: no query after the first.
    return {ContentType.objects.get_for_model(model).pk: kind for kind, model in _PAGE_KINDS}


def _program_pages(programs: Iterable[ProgramPage]) -> dict[int, dict[str, list[Page]]]:
    """Each program's live child pages of every kind a step can be about (one query)."""
    programs = list(programs)
    kinds = _kind_of_content_type()
    found: dict[int, dict[str, list[Page]]] = {
        program.pk: {kind: [] for kind, _model in _PAGE_KINDS} for program in programs
    }
    if not programs:
        return found
    where = Q()
    for program in programs:
        where |= Q(path__startswith=program.path, depth=program.depth + 1)
    pages = (
        Page.objects.live()
        .filter(where, content_type_id__in=list(kinds))
        .order_by("path")
        .only("id", "title", "path", "depth", "url_path", "content_type_id")
    )
    for page in pages:
        for program in programs:
            if page.path.startswith(program.path):
                found[program.pk][kinds[page.content_type_id]].append(page)
    return found


def _rules(program_ids: Collection[int]) -> dict[int, CompletionRule]:
    """The programs' rules, each with the ids of its chosen lessons and quizzes (one to three queries).

    The choices are read as ids from the link tables: loading the pages themselves
    would parse every lesson's and quiz's body for nothing.
    """
    rules = {
        rule.program_id: rule
        for rule in CompletionRule.objects.filter(program_id__in=list(program_ids))
    }
    for rule in rules.values():
        rule.chosen_lesson_ids, rule.chosen_quiz_ids = set(), set()
    # Only a rule that names its pages reads its choices: "all" and "none" never look at them,
    # and this runs in every completion decision.
    lesson_rules = {
        rule.pk: rule
        for rule in rules.values()
        if rule.lesson_scope == CompletionRule.LessonScope.CHOSEN
    }
    quiz_rules = {
        rule.pk: rule
        for rule in rules.values()
        if rule.quiz_scope == CompletionRule.QuizScope.CHOSEN
    }
    if lesson_rules:
        lessons = CompletionRule.lessons.through.objects.filter(
            completionrule_id__in=list(lesson_rules)
        )
        for rule_id, page_id in lessons.values_list("completionrule_id", "lessonpage_id"):
            lesson_rules[rule_id].chosen_lesson_ids.add(page_id)
    if quiz_rules:
        quizzes = CompletionRule.quizzes.through.objects.filter(
            completionrule_id__in=list(quiz_rules)
        )
        for rule_id, page_id in quizzes.values_list("completionrule_id", "quizpage_id"):
            quiz_rules[rule_id].chosen_quiz_ids.add(page_id)
    return rules


def _chosen(pages: list[Page], scope: str, chosen_ids: set[int], all_value: str) -> list[Page]:
    if scope == all_value:
        return pages
    return [page for page in pages if page.pk in chosen_ids]


def rule_steps(
    rule: CompletionRule | None, pages: dict[str, list[Page]], reflection_keys: dict[int, set[str]]
) -> list[Step]:
    """The page steps a rule asks for, in checklist order (no query).

    Without a rule, completing means every live lesson done, as it did before rules existed.
    `reflection_keys` are the question keys of each lesson's body.
    """
    lessons = pages[StepKind.LESSON]
    if rule is None:
        chosen_lessons = lessons
    else:
        chosen_lessons = _chosen(
            lessons,
            rule.lesson_scope,
            rule.chosen_lesson_ids,
            CompletionRule.LessonScope.ALL,
        )
    steps = [
        Step(step_key(StepKind.LESSON, page.pk), StepKind.LESSON, page.title, page.url, page.pk)
        for page in chosen_lessons
    ]
    if rule is None:
        return steps
    if rule.reflections_required:
        steps += [
            Step(
                step_key(StepKind.REFLECTION, page.pk),
                StepKind.REFLECTION,
                _("「%(title)s」の振り返りの問い") % {"title": page.title},
                f"{page.url}#reflection-answers",
                page.pk,
            )
            for page in chosen_lessons
            if reflection_keys.get(page.pk)
        ]
    if rule.quiz_scope != CompletionRule.QuizScope.NONE:
        quizzes = _chosen(
            pages[StepKind.QUIZ],
            rule.quiz_scope,
            rule.chosen_quiz_ids,
            CompletionRule.QuizScope.ALL,
        )
        steps += [
            Step(step_key(StepKind.QUIZ, p.pk), StepKind.QUIZ, p.title, p.url, p.pk)
            for p in quizzes
        ]
    for kind, wanted in (
        (StepKind.WORKSHEET, rule.worksheets_required),
        (StepKind.RATING, rule.ratings_required),
        (StepKind.SURVEY, rule.survey_required),
    ):
        if wanted:
            steps += [
                Step(step_key(kind, page.pk), kind, page.title, page.url, page.pk)
                for page in pages[kind]
            ]
    return steps


def program_plans(programs: Iterable[ProgramPage]) -> dict[int, ProgramPlan]:
    """Each program's rule and steps, read together (at most six queries for any number)."""
    programs = {program.pk: program for program in programs}
    rules = _rules(programs)
    pages = _program_pages(programs.values())
    asks_reflections = [
        page.pk
        for pid, rule in rules.items()
        if rule.reflections_required
        for page in pages[pid][StepKind.LESSON]
    ]
    keys = course_selectors.reflection_keys_by_lesson(asks_reflections) if asks_reflections else {}
    return {
        pid: ProgramPlan(
            program=program,
            rule=rules.get(pid),
            steps=rule_steps(rules.get(pid), pages[pid], keys),
            reflection_keys=keys,
        )
        for pid, program in programs.items()
    }


def _workshop_steps(workshops) -> list[Step]:
    return [
        Step(
            step_key(StepKind.WORKSHOP, workshop.pk),
            StepKind.WORKSHOP,
            workshop.title,
            reverse("workshops:board", kwargs={"workshop_id": workshop.pk}),
            workshop.pk,
        )
        for workshop in workshops
    ]


def _part_done(kind: str, enrollment_ids: list[int]) -> dict[int, set[int]]:
    """The part's own answer to which of its pages each enrollment has done (one query)."""
    if kind == StepKind.QUIZ:
        from assessments.selectors import quizzes as part
    elif kind == StepKind.WORKSHEET:
        from assessments.selectors import worksheets as part
    elif kind == StepKind.RATING:
        from assessments.selectors import ratings as part
    else:
        from assessments.selectors import surveys as part
    return part.done_pages(enrollment_ids)


def statuses(
    enrollments: list[Enrollment], plans: dict[int, ProgramPlan] | None = None
) -> dict[int, CompletionStatus]:
    """Each enrollment's status against its program's rule, by enrollment id.

    Enrollments must come with `cohort` loaded. The number of queries does not grow
    with the number of enrollments: each kind of fact is read once for all of them.
    """
    if not enrollments:
        return {}
    if plans is None:
        plans = program_plans({e.cohort.program_id: e.cohort.program for e in enrollments}.values())
    ids = [e.pk for e in enrollments]
    kinds_needed = {step.kind for e in enrollments for step in plans[e.cohort.program_id].steps}
    lessons_done = course_selectors.completed_lessons_by_enrollment(ids)
    answered = (
        course_selectors.reflection_keys_answered(ids)
        if StepKind.REFLECTION in kinds_needed
        else {}
    )
    part_done = {
        kind: _part_done(kind, ids)
        for kind in (StepKind.QUIZ, StepKind.WORKSHEET, StepKind.RATING, StepKind.SURVEY)
        if kind in kinds_needed
    }
    cohort_ids = {e.cohort_id for e in enrollments if plans[e.cohort.program_id].workshop_required}
    workshops = workshop_selectors.cohort_workshops(cohort_ids) if cohort_ids else {}
    attended = (
        workshop_selectors.attended_user_ids([w.pk for rows in workshops.values() for w in rows])
        if workshops
        else {}
    )
    overrides: dict[int, dict[str, OverrideNote]] = {pk: {} for pk in ids}
    # Plain values: a cohort of 500 may hold thousands, and model instances cost ten times more.
    notes = CompletionOverride.objects.filter(enrollment_id__in=ids).values_list(
        "enrollment_id", "step_key", "step_label", "reason", "marked_at", "marked_by__full_name"
    )
    for enrollment_id, *note in notes:
        overrides[enrollment_id][note[0]] = OverrideNote(*note)

    result = {}
    for enrollment in enrollments:
        plan = plans[enrollment.cohort.program_id]
        steps = list(plan.steps)
        if plan.workshop_required:
            steps += _workshop_steps(workshops.get(enrollment.cohort_id, []))
        states = []
        for step in steps:
            if step.kind == StepKind.LESSON:
                done = step.target_id in lessons_done.get(enrollment.pk, set())
            elif step.kind == StepKind.REFLECTION:
                wanted = plan.reflection_keys.get(step.target_id, set())
                have = answered.get(enrollment.pk, {}).get(step.target_id, set())
                done = wanted <= have
            elif step.kind == StepKind.WORKSHOP:
                done = enrollment.trainee_id in attended.get(step.target_id, set())
            else:
                done = step.target_id in part_done[step.kind].get(enrollment.pk, set())
            states.append(StepState(step, done, overrides[enrollment.pk].get(step.key)))
        if plan.workshop_required and not workshops.get(enrollment.cohort_id):
            # The rule asks for a workshop the cohort has not scheduled: it cannot be complete yet.
            states.append(
                StepState(
                    Step(
                        step_key(StepKind.WORKSHOP, 0),
                        StepKind.WORKSHOP,
                        _("グループワーク（まだ予定されていません）"),
                        "",
                        0,
                    ),
                    False,
                )
            )
        result[enrollment.pk] = CompletionStatus(enrollment=enrollment, steps=states)
    return result


def completion_status(enrollment: Enrollment) -> CompletionStatus:
    """One enrollment's checklist against its program's rule (a fixed number of queries)."""
    if not hasattr(enrollment, "_state") or "cohort" not in enrollment._state.fields_cache:
        enrollment = Enrollment.objects.select_related("cohort", "cohort__program").get(
            pk=enrollment.pk
        )
    return statuses([enrollment])[enrollment.pk]


def is_complete(enrollment: Enrollment) -> bool:
    """Whether the enrollment is complete as its rule says (or was recorded so)."""
    return enrollment.status == Enrollment.Status.COMPLETED


@dataclass
class CompletionTable:
    """A cohort's completion table: the steps as columns, one row per trainee."""

    cohort: Cohort
    steps: list[Step]
    rows: list[CompletionStatus]

    @property
    def complete_count(self) -> int:
        return sum(1 for row in self.rows if row.complete)


def completion_table(cohort: Cohort) -> CompletionTable:
    """Every trainee of a cohort against every step of its rule, in a constant number of queries."""
    enrollments = list(
        Enrollment.objects.filter(cohort=cohort, status__in=READING_STATUSES)
        .select_related("trainee")
        .order_by("trainee__furigana", "trainee__email")
    )
    for enrollment in enrollments:
        # One cohort and program for every row, instead of a copy of each per row.
        enrollment.cohort = cohort
    plans = program_plans([cohort.program])
    found = statuses(enrollments, plans)
    rows = [found[e.pk] for e in enrollments]
    if rows:
        steps = [state.step for state in rows[0].steps]
    else:
        steps = list(plans[cohort.program_id].steps)
    return CompletionTable(cohort=cohort, steps=steps, rows=rows)


def trainee_checklists(user) -> list[CompletionStatus]:
    """マイページ: the checklist of each of the person's active enrollments (fixed queries)."""
    if not getattr(user, "is_authenticated", False):
        return []
    enrollments = list(
        Enrollment.objects.filter(trainee=user, status__in=READING_STATUSES)
        .select_related("cohort", "cohort__program")
        .order_by("cohort__starts_on")
    )
    found = statuses(enrollments)
    return [found[e.pk] for e in enrollments]


def overrides_of(cohort: Cohort, limit: int | None = None) -> list[CompletionOverride]:
    """The cohort's log of steps marked done by hand, newest first (one query)."""
    rows = (
        CompletionOverride.objects.filter(enrollment__cohort=cohort)
        .select_related("enrollment__trainee", "marked_by")
        .order_by("-marked_at", "-pk")
    )
    return list(rows[:limit] if limit else rows)


def override_count(cohort: Cohort) -> int:
    """How many steps of the cohort were marked done by hand (one query)."""
    return CompletionOverride.objects.filter(enrollment__cohort=cohort).count()


def completion_tables_for(user, limit: int = 20) -> list[Cohort]:
    """Cohorts whose completion table the person may open (staff), newest first (one query)."""
    from assessments import permissions

    return list(
        permissions.cohorts_watched_by(user)
        .select_related("program")
        .order_by("-fiscal_year", "-starts_on")[:limit]
    )


def mypage_checklists(user) -> dict | None:
    """マイページ's completion section: the trainee's checklists, staff's tables; None hides it."""
    checklists = trainee_checklists(user)
    tables = completion_tables_for(user)
    if not checklists and not tables:
        return None
    return {"checklists": checklists, "tables": tables}


def rule_met(enrollment: Enrollment) -> bool:
    """Whether the enrollment meets its program's rule now, for the decision in completion_refresh.

    The same steps and facts as statuses(), read kind by kind in checklist order and
    stopping at the first open step: most events leave something open, and this runs
    inside every event's write transaction, so it reads one or two kinds, not all.
    `enrollment.cohort` must be loaded.
    """
    cohort = enrollment.cohort
    plan = program_plans([cohort.program])[cohort.program_id]
    steps = list(plan.steps)
    if plan.workshop_required:
        workshops = workshop_selectors.cohort_workshops([cohort.pk])[cohort.pk]
        if not workshops:
            return False
        steps += _workshop_steps(workshops)
    if not steps:
        return False
    by_hand = set(
        CompletionOverride.objects.filter(enrollment_id=enrollment.pk).values_list(
            "step_key", flat=True
        )
    )
    open_steps = [step for step in steps if step.key not in by_hand]
    ids = [enrollment.pk]
    for kind in StepKind.ORDER:
        wanted = [step for step in open_steps if step.kind == kind]
        if not wanted:
            continue
        if kind == StepKind.LESSON:
            done = course_selectors.completed_lessons_by_enrollment(ids)[enrollment.pk]
            met = all(step.target_id in done for step in wanted)
        elif kind == StepKind.REFLECTION:
            answered = course_selectors.reflection_keys_answered(ids)[enrollment.pk]
            met = all(
                plan.reflection_keys.get(step.target_id, set())
                <= answered.get(step.target_id, set())
                for step in wanted
            )
        elif kind == StepKind.WORKSHOP:
            attended = workshop_selectors.attended_user_ids([step.target_id for step in wanted])
            met = all(enrollment.trainee_id in attended[step.target_id] for step in wanted)
        else:
            done = _part_done(kind, ids).get(enrollment.pk, set())
            met = all(step.target_id in done for step in wanted)
        if not met:
            return False
    return True
