"""Views of the plan worksheet: the trainee's form and autosave, the review queue and the review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from assessments.models.worksheets import (
    OVERALL_COMMENT,
    PLAN_FIELDS,
    REVIEW_COMMENT_MAX_LENGTH,
    PlanService,
    PlanWorksheet,
    PlanWorksheetPage,
)
from assessments.permissions import can_review, cohorts_watched_by
from assessments.selectors import worksheets as selectors
from assessments.services import worksheets as services
from base.converters import parse_id

POST_RATE = "60/m"
#: Autosave posts as the trainee types (debounced); generous, but not unbounded.
AUTOSAVE_RATE = "240/m"
COMMENT_PREFIX = "comment-"
SCORE_PREFIX = "score-"


def _private(response):
    """A plan is one person's work: no shared cache may keep it."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def _values_from(post) -> dict:
    """The plan as the form sent it; the service judges every value."""
    consent = post.get("consent")
    return {
        **{field.name: post.get(field.name, "") for field in PLAN_FIELDS},
        "services": post.getlist("services"),
        # A checked box sends "on"; anything else is tampering, and the service refuses it.
        "consent": consent == "on" if consent in (None, "on") else consent,
    }


def _form_fields(values: dict, comments: dict) -> dict:
    chosen = set(values.get("services", []))
    return {
        "texts": [
            {
                "name": field.name,
                "label": field.label,
                "max_length": field.max_length,
                "multiline": field.multiline,
                "value": values.get(field.name, ""),
                "length": len(values.get(field.name, "")),
                "comment": comments.get(field.name, ""),
            }
            for field in PLAN_FIELDS
        ],
        "services": [
            {"code": code, "label": label, "checked": code in chosen}
            for code, label in PlanService.choices
        ],
        "services_comment": comments.get("services", ""),
        "consent": values.get("consent") is True,
        "consent_comment": comments.get("consent", ""),
    }


def worksheet_serve(
    request, page: PlanWorksheetPage, *, submitted: dict | None = None, error: str = ""
):
    """The worksheet page: the trainee's own plan form, or a pointer for everyone else."""
    case = page.case_study
    context = {
        "page": page,
        "self": page,
        # An unpublished case is a dead link for trainees; the page says it is not available.
        "case": case if case is not None and case.live else None,
        "criteria": page.criteria(),
    }
    enrollment = selectors.enrollment_for_page(request.user, page)
    if enrollment is None:
        staff = getattr(request.user, "is_authenticated", False) and (
            cohorts_watched_by(request.user)
            .filter(program__path=page.path[: -PlanWorksheetPage.steplen])
            .exists()
        )
        context["facilitating"] = staff
        if staff:
            context["plans"] = selectors.plans_on_page_for_staff(request.user, page)
            context["reviewer"] = selectors.is_reviewer(request.user)
        status = 200 if staff else 403
        response = TemplateResponse(
            request, "assessments/worksheet_locked.html", context, status=status
        )
        return _private(response)
    worksheet = services.worksheet_start(enrollment=enrollment, page=page)
    decided = selectors.last_decision(worksheet)
    comments = decided.comments if decided and worksheet.status == "returned" else {}
    values = submitted if submitted is not None else worksheet.content()
    context.update(
        {
            "worksheet": worksheet,
            "fields": _form_fields(values, comments),
            "decided": decided,
            "overall_comment": comments.get(OVERALL_COMMENT, ""),
            "rounds": [
                {"round": item, "rows": selectors.plan_rows(item.content, item.comments)}
                for item in selectors.rounds_of(worksheet)
            ],
            "error": error,
        }
    )
    response = TemplateResponse(
        request, "assessments/worksheet_page.html", context, status=400 if error else 200
    )
    return _private(response)


def _own_worksheet(request, worksheet_id: int) -> PlanWorksheet:
    worksheet = selectors.worksheet_owned_by(request.user, worksheet_id)
    if worksheet is None:
        raise Http404
    return worksheet


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_POST
def worksheet_save(request, worksheet_id: int):
    """The form's 下書きを保存 and 提出する: works without JavaScript."""
    worksheet = _own_worksheet(request, worksheet_id)
    page = worksheet.page
    values = _values_from(request.POST)
    try:
        if request.POST.get("action") == "submit":
            services.worksheet_submit(worksheet=worksheet, values=values)
            messages.success(
                request, _("プランを提出しました。ファシリテーターの確認をお待ちください。")
            )
        elif services.worksheet_save(worksheet=worksheet, values=values):
            messages.success(request, _("下書きを保存しました。"))
        else:
            messages.info(request, _("変更はありませんでした。"))
    except services.WorksheetError as exc:
        shown = values if isinstance(values.get("consent"), bool) else {**values, "consent": False}
        return worksheet_serve(request, page, submitted=shown, error=exc.message)
    return redirect(page.url)


@login_required
@ratelimit(key="user", rate=AUTOSAVE_RATE, method="POST")
@require_POST
def worksheet_autosave(request, worksheet_id: int):
    """Keep the draft as the trainee types; the script shows the answer in its status line."""
    worksheet = _own_worksheet(request, worksheet_id)
    try:
        services.worksheet_save(worksheet=worksheet, values=_values_from(request.POST))
    except services.WorksheetError as exc:
        status = 409 if exc.code == "locked" else 400
        return _private(JsonResponse({"error": exc.message}, status=status))
    worksheet.refresh_from_db(fields=["saved_at"])
    return _private(
        JsonResponse({"saved_at": worksheet.saved_at.isoformat() if worksheet.saved_at else None})
    )


def _readable(request, worksheet_id: int) -> PlanWorksheet:
    worksheet = (
        selectors.worksheets_readable_by(request.user)
        .select_related("page", "enrollment__trainee", "enrollment__cohort__prefecture")
        .filter(pk=worksheet_id)
        .first()
    )
    if worksheet is None:
        raise Http404
    return worksheet


def _detail(request, worksheet: PlanWorksheet, *, error: str = "", posted=None, status=200):
    rounds = selectors.rounds_of(worksheet)
    waiting = rounds[0] if rounds and rounds[0].decided_at is None else None
    reviewing = (
        waiting is not None
        and worksheet.status == PlanWorksheet.Status.SUBMITTED
        and can_review(request.user, worksheet.enrollment.cohort)
    )
    posted = posted or {}
    review = None
    if reviewing:
        review = {
            "round": waiting,
            "rows": [
                {**row, "draft": posted.get(COMMENT_PREFIX + row["name"], "")}
                for row in selectors.plan_rows(waiting.content)
            ],
            "overall": posted.get(COMMENT_PREFIX + OVERALL_COMMENT, ""),
            "criteria": [
                {**criterion, "value": posted.get(SCORE_PREFIX + criterion["id"], "")}
                for criterion in worksheet.page.criteria()
            ],
            "comment_max_length": REVIEW_COMMENT_MAX_LENGTH,
        }
    context = {
        "reviewer": selectors.is_reviewer(request.user),
        "worksheet": worksheet,
        "page": worksheet.page,
        "trainee": worksheet.enrollment.trainee,
        "cohort": worksheet.enrollment.cohort,
        "review": review,
        "error": error,
        "rounds": [
            {"round": item, "rows": selectors.plan_rows(item.content, item.comments)}
            for item in rounds
            if item is not waiting or not reviewing
        ],
    }
    return _private(
        TemplateResponse(request, "assessments/worksheet_detail.html", context, status=status)
    )


@login_required
def worksheet_detail(request, worksheet_id: int):
    """A plan and its history; the cohort's facilitator reviews the waiting round here."""
    return _detail(request, _readable(request, worksheet_id))


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_POST
def worksheet_review(request, worksheet_id: int):
    """差し戻す or 承認する: the facilitator's decision on the waiting round."""
    worksheet = _readable(request, worksheet_id)
    post = request.POST
    round_id = parse_id(post.get("round", ""))
    round = worksheet.rounds.filter(pk=round_id).first() if round_id else None
    comments = {
        name.removeprefix(COMMENT_PREFIX): post.get(name)
        for name in post
        if name.startswith(COMMENT_PREFIX)
    }
    scores = {
        name.removeprefix(SCORE_PREFIX): post.get(name)
        for name in post
        if name.startswith(SCORE_PREFIX)
    }
    try:
        if round is None:
            raise services.WorksheetError(
                "stale", _("確認する提出が見つかりません。画面を読み込み直してください。")
            )
        services.worksheet_review(
            round=round,
            reviewer=request.user,
            decision=post.get("decision", ""),
            comments=comments,
            scores=scores,
        )
    except services.WorksheetError as exc:
        status = {"forbidden": 403, "stale": 409}.get(exc.code, 400)
        return _detail(request, worksheet, error=exc.message, posted=post, status=status)
    if post.get("decision") == "accepted":
        messages.success(request, _("プランを承認しました。"))
    else:
        messages.success(request, _("プランを差し戻しました。"))
    return redirect("assessments:worksheet_queue")


@login_required
def worksheet_queue(request):
    """確認待ちのプラン: the facilitator's queue, oldest submission first."""
    if not selectors.is_reviewer(request.user):
        raise Http404
    context = {"rounds": selectors.review_queue(request.user)}
    return _private(TemplateResponse(request, "assessments/worksheet_queue.html", context))


urlpatterns: list = [
    path("worksheets/queue/", worksheet_queue, name="worksheet_queue"),
    path("worksheets/<id:worksheet_id>/", worksheet_detail, name="worksheet_detail"),
    path("worksheets/<id:worksheet_id>/save/", worksheet_save, name="worksheet_save"),
    path("worksheets/<id:worksheet_id>/autosave/", worksheet_autosave, name="worksheet_autosave"),
    path("worksheets/<id:worksheet_id>/review/", worksheet_review, name="worksheet_review"),
]
