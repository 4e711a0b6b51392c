"""Writes of the plan worksheet: the trainee's draft and submission, the facilitator's review."""

from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments.models.worksheets import (
    OVERALL_COMMENT,
    PLAN_FIELDS,
    REVIEW_COMMENT_MAX_LENGTH,
    PlanService,
    PlanWorksheet,
    PlanWorksheetPage,
    WorksheetRound,
)
from assessments.permissions import can_review
from base.converters import parse_id
from base.validators import text_problem
from courses.models import Enrollment

#: Fields a plan needs before a facilitator can review it.
REQUIRED_TO_SUBMIT = ("issues", "long_term_goal", "short_term_goal", "own_actions", "support")


class WorksheetError(Exception):
    """A worksheet change was refused, nothing of it kept; `code` names why, the message is shown."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _clean_text(label: str, value, *, max_length: int, multiline: bool) -> str:
    if not isinstance(value, str):
        raise WorksheetError("invalid", _("%(label)s: 文字で入力してください。") % {"label": label})
    # Browsers send \r\n; the limit counts what the trainee sees, one character per line break.
    value = value.replace("\r\n", "\n").strip()
    problem = text_problem(value, multiline=multiline)
    if problem:
        raise WorksheetError(
            "invalid", _("%(label)s: %(problem)s") % {"label": label, "problem": problem}
        )
    if len(value) > max_length:
        raise WorksheetError(
            "too_long",
            _("%(label)s は%(limit)s文字以内で書いてください（いま%(count)s文字）。")
            % {"label": label, "limit": max_length, "count": len(value)},
        )
    return value


def clean_plan(values: Mapping) -> dict:
    """The plan's values checked: every text within its limit, services from the list, consent yes/no."""
    cleaned = {}
    for field in PLAN_FIELDS:
        cleaned[field.name] = _clean_text(
            str(field.label),
            values.get(field.name, ""),
            max_length=field.max_length,
            multiline=field.multiline,
        )
    services = values.get("services", [])
    if not isinstance(services, list | tuple) or any(
        item not in PlanService.values for item in services
    ):
        raise WorksheetError(
            "invalid", _("法に基づく事業等: 一覧にない事業が選ばれています。選び直してください。")
        )
    # The form's order, so the same choice compares equal however it was sent.
    cleaned["services"] = [code for code in PlanService.values if code in services]
    consent = values.get("consent", False)
    if not isinstance(consent, bool):
        raise WorksheetError("invalid", _("本人同意: 正しい値ではありません。"))
    cleaned["consent"] = consent
    return cleaned


@transaction.atomic
def worksheet_start(*, enrollment: Enrollment, page: PlanWorksheetPage) -> PlanWorksheet:
    """The trainee's worksheet for the page, made empty the first time they open it."""
    try:
        with transaction.atomic():
            worksheet, _created = PlanWorksheet.objects.get_or_create(
                enrollment=enrollment, page=page
            )
    except IntegrityError:
        # Two tabs opened it at once; the other one made it.
        worksheet = PlanWorksheet.objects.get(enrollment=enrollment, page=page)
    return worksheet


def _locked_for_update(worksheet: PlanWorksheet) -> PlanWorksheet:
    return PlanWorksheet.objects.select_for_update().get(pk=worksheet.pk)


def _refuse_if_locked(worksheet: PlanWorksheet) -> None:
    if worksheet.status == PlanWorksheet.Status.SUBMITTED:
        raise WorksheetError(
            "locked",
            _("提出済みのため編集できません。ファシリテーターの確認をお待ちください。"),
        )
    if worksheet.status == PlanWorksheet.Status.ACCEPTED:
        raise WorksheetError("locked", _("承認されたプランは編集できません。"))


@transaction.atomic
def worksheet_save(*, worksheet: PlanWorksheet, values: Mapping) -> bool:
    """Keep the trainee's draft (autosave and the form's 保存); True when anything changed."""
    cleaned = clean_plan(values)
    worksheet = _locked_for_update(worksheet)
    _refuse_if_locked(worksheet)
    if all(getattr(worksheet, name) == value for name, value in cleaned.items()):
        return False
    for name, value in cleaned.items():
        setattr(worksheet, name, value)
    worksheet.saved_at = timezone.now()
    worksheet.save(update_fields=[*cleaned, "saved_at"])
    return True


@transaction.atomic
def worksheet_submit(*, worksheet: PlanWorksheet, values: Mapping) -> WorksheetRound:
    """Send the plan for review: it is kept as a new round and locked until a facilitator decides."""
    cleaned = clean_plan(values)
    missing = [
        str(field.label)
        for field in PLAN_FIELDS
        if field.name in REQUIRED_TO_SUBMIT and not cleaned[field.name]
    ]
    if missing:
        raise WorksheetError(
            "incomplete",
            _("提出する前に次の項目を書いてください: %(fields)s") % {"fields": "、".join(missing)},
        )
    worksheet = _locked_for_update(worksheet)
    _refuse_if_locked(worksheet)
    now = timezone.now()
    for name, value in cleaned.items():
        setattr(worksheet, name, value)
    worksheet.status = PlanWorksheet.Status.SUBMITTED
    worksheet.saved_at = now
    worksheet.save(update_fields=[*cleaned, "status", "saved_at"])
    case = worksheet.page.case_study
    return WorksheetRound.objects.create(
        worksheet=worksheet,
        number=worksheet.rounds.count() + 1,
        content=worksheet.content(),
        case_title=case.title if case else "",
        submitted_at=now,
    )


def _clean_comments(comments: Mapping) -> dict[str, str]:
    labels = {field.name: str(field.label) for field in PLAN_FIELDS}
    labels["services"] = _("法に基づく事業等")
    labels["consent"] = _("本人同意")
    labels[OVERALL_COMMENT] = _("全体へのコメント")
    cleaned = {}
    for key, value in comments.items():
        if key not in labels:
            raise WorksheetError("invalid", _("コメントの項目が正しくありません。"))
        label = (
            labels[key]
            if key == OVERALL_COMMENT
            else _("「%(label)s」へのコメント") % {"label": labels[key]}
        )
        text = _clean_text(label, value, max_length=REVIEW_COMMENT_MAX_LENGTH, multiline=True)
        if text:
            cleaned[key] = text
    return cleaned


def _clean_scores(page: PlanWorksheetPage, scores: Mapping, *, all_needed: bool) -> list[dict]:
    criteria = page.criteria()
    known = {criterion["id"] for criterion in criteria}
    if any(key not in known for key in scores):
        raise WorksheetError(
            "invalid", _("評価の観点が変わっています。画面を読み込み直してください。")
        )
    cleaned = []
    for criterion in criteria:
        raw = scores.get(criterion["id"], "")
        if raw in ("", None):
            if all_needed:
                raise WorksheetError(
                    "incomplete",
                    _("承認する前に「%(label)s」を採点してください。")
                    % {"label": criterion["label"]},
                )
            continue
        # 0 is a real score; parse_id only knows positive ids.
        points = 0 if raw == "0" else parse_id(raw)
        if points is None or points > criterion["max_points"]:
            raise WorksheetError(
                "invalid",
                _("「%(label)s」の点数は0から%(max)sの整数で入力してください。")
                % {"label": criterion["label"], "max": criterion["max_points"]},
            )
        cleaned.append({**criterion, "points": points})
    return cleaned


@transaction.atomic
def worksheet_review(
    *,
    round: WorksheetRound,
    reviewer: User,
    decision: str,
    comments: Mapping[str, str],
    scores: Mapping[str, str],
) -> WorksheetRound:
    """A facilitator of the cohort returns the plan with comments (差し戻し) or accepts it (承認)."""
    if decision not in WorksheetRound.Decision.values:
        raise WorksheetError("invalid", _("差し戻すか承認するかを選んでください。"))
    # The worksheet row is the lock: of two facilitators deciding at once, the second waits
    # here, then finds the round decided.
    worksheet = PlanWorksheet.objects.select_for_update().get(pk=round.worksheet_id)
    cohort = worksheet.enrollment.cohort
    if not can_review(reviewer, cohort):
        raise WorksheetError(
            "forbidden", _("このプランを確認できるのは、この回のファシリテーターだけです。")
        )
    round = WorksheetRound.objects.get(pk=round.pk)
    latest = worksheet.rounds.order_by("-number").first()
    if (
        round.decided_at is not None
        or latest.pk != round.pk
        or worksheet.status != PlanWorksheet.Status.SUBMITTED
    ):
        raise WorksheetError(
            "stale",
            _(
                "このプランはすでに確認されたか、提出し直されています。"
                "画面を読み込み直して最新の状態を確認してください。"
            ),
        )
    accepting = decision == WorksheetRound.Decision.ACCEPTED
    cleaned_comments = _clean_comments(comments)
    cleaned_scores = _clean_scores(worksheet.page, scores, all_needed=accepting)
    if not accepting and not cleaned_comments:
        raise WorksheetError(
            "incomplete", _("差し戻すときは、直してほしい点をコメントに書いてください。")
        )
    now = timezone.now()
    round.decision = decision
    round.comments = cleaned_comments
    round.scores = cleaned_scores
    round.reviewer = reviewer
    round.decided_at = now
    round.save(update_fields=["decision", "comments", "scores", "reviewer", "decided_at"])
    worksheet.status = PlanWorksheet.Status.ACCEPTED if accepting else PlanWorksheet.Status.RETURNED
    worksheet.accepted_at = now if accepting else None
    worksheet.save(update_fields=["status", "accepted_at"])
    from assessments.services.completion import completion_refresh

    completion_refresh(enrollment=worksheet.enrollment)
    return round
