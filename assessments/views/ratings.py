"""Views of the self-rating part: the page a trainee answers on, and the cohort's report."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from assessments.models import RATING_MAX, RATING_MIN, RatingPhase, SelfRatingPage
from assessments.selectors import ratings as selectors
from assessments.services.ratings import RatingError, self_rating_answer
from courses.charts import paired_bar_chart

POST_RATE = "30/m"
#: Each statement's radio group is named after its key.
SCORE_PREFIX = "score-"
SCALE = list(range(RATING_MIN, RATING_MAX + 1))


def _private(response):
    # Answers are one person's; no cache between the server and the browser may keep them.
    response["Cache-Control"] = "private, no-store"
    return response


def _form_phase(states: dict) -> str | None:
    """The phase the form answers now: the open one, if any."""
    return next((phase for phase, state in states.items() if state.is_open), None)


def _context(request, page: SelfRatingPage, *, enrollment, submitted=None, error="") -> dict:
    states = selectors.phase_states(enrollment, page) if enrollment is not None else {}
    scores = selectors.own_scores(enrollment, page) if enrollment is not None else {}
    statements = selectors.statements_of(page)
    values = submitted or {}
    return {
        "page": page,
        "self": page,
        "program": selectors.program_of(page),
        "enrollment": enrollment,
        "states": [states[phase] for phase in RatingPhase.values] if states else [],
        "form_phase": _form_phase(states),
        "statements": [
            {
                "statement": statement,
                "value": str(values.get(statement.key, "")),
                "before": scores.get(RatingPhase.BEFORE, {}).get(statement.key),
                "after": scores.get(RatingPhase.AFTER, {}).get(statement.key),
            }
            for statement in statements
        ],
        "answered_any": bool(scores),
        "scale": SCALE,
        "error": error,
        "cohorts": list(selectors.watched_cohorts_of(request.user, page))
        if request.user.is_authenticated
        else [],
    }


def rating_serve(request, page: SelfRatingPage, *, submitted=None, error: str = ""):
    """The self-rating page: the trainee's form and state; report links for the cohort's staff."""
    enrollment = selectors.page_enrollment(request.user, page)
    context = _context(request, page, enrollment=enrollment, submitted=submitted, error=error)
    if enrollment is None and not context["cohorts"]:
        raise Http404
    response = TemplateResponse(request, page.template, context, status=400 if error else 200)
    return _private(response)


def rating_preview_context(request, page: SelfRatingPage) -> dict:
    """The CMS preview: the statements as a trainee will see them, with no one's answers."""
    context = _context(request, page, enrollment=None)
    context.update(preview=True, form_phase=RatingPhase.BEFORE.value)
    return context


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_POST
def rating_answer(request, rating_id: int):
    """回答する: keep the trainee's scores for the phase that is open."""
    page = get_object_or_404(SelfRatingPage.objects.live(), pk=rating_id)
    enrollment = selectors.page_enrollment(request.user, page)
    if enrollment is None:
        raise Http404
    scores = {
        name.removeprefix(SCORE_PREFIX): request.POST.get(name)
        for name in request.POST
        if name.startswith(SCORE_PREFIX)
    }
    phase = request.POST.get("phase", "")
    try:
        rating = self_rating_answer(enrollment=enrollment, page=page, phase=phase, scores=scores)
    except RatingError as exc:
        return rating_serve(request, page, submitted=scores, error=str(exc))
    messages.success(
        request,
        _("%(phase)sの自己評価を送信しました。") % {"phase": RatingPhase(rating.phase).label},
    )
    return redirect(page.url)


@login_required
def rating_report(request, rating_id: int, cohort_id: int):
    """The cohort's before/after: per statement, the means of those who answered both, and n."""
    page = get_object_or_404(SelfRatingPage.objects.live(), pk=rating_id)
    cohort = get_object_or_404(selectors.watched_cohorts_of(request.user, page), pk=cohort_id)
    changes = selectors.rating_changes(user=request.user, cohorts=[cohort], page=page)
    chart = paired_bar_chart(
        [
            (_("項目%(n)s") % {"n": change.number}, change.before_mean, change.after_mean)
            for change in changes
        ],
        scale_max=Decimal(RATING_MAX),
        first_name=str(RatingPhase.BEFORE.label),
        second_name=str(RatingPhase.AFTER.label),
    )
    context = {
        "page": page,
        "cohort": cohort,
        "changes": changes,
        "chart": chart,
        "counts": selectors.phase_counts(page=page, cohort=cohort),
        "scale_max": RATING_MAX,
    }
    return _private(TemplateResponse(request, "assessments/rating_report.html", context))


urlpatterns = [
    path("ratings/<id:rating_id>/answer/", rating_answer, name="rating_answer"),
    path("ratings/<id:rating_id>/cohorts/<id:cohort_id>/", rating_report, name="rating_report"),
]
