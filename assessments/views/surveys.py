"""Views of the survey part: the page a trainee answers on, the cohort's results and exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from assessments.models import (
    MIN_ANONYMOUS_GROUP,
    RATING_MAX,
    RATING_MIN,
    SURVEY_TEXT_MAX_LENGTH,
    SurveyPage,
)
from assessments.selectors import ratings as rating_selectors
from assessments.selectors import surveys as selectors
from assessments.services.surveys import SurveyError, survey_answer
from base.tables import CSV_TYPE, XLSX_TYPE, download, table_csv, table_xlsx
from courses.charts import bar_chart

POST_RATE = "30/m"
#: Each question's field is named after its key.
ANSWER_PREFIX = "answer-"
SCALE = list(range(RATING_MIN, RATING_MAX + 1))


def _private(response):
    # Answers are one person's; no cache between the server and the browser may keep them.
    response["Cache-Control"] = "private, no-store"
    return response


def _context(request, page: SurveyPage, *, enrollment, submitted=None, error="") -> dict:
    values = submitted or {}
    return {
        "page": page,
        "self": page,
        "program": rating_selectors.program_of(page),
        "enrollment": enrollment,
        "state": selectors.survey_state(enrollment, page) if enrollment is not None else None,
        "questions": [
            {"question": question, "value": str(values.get(question.key) or "")}
            for question in selectors.questions_of(page)
        ],
        "scale": SCALE,
        "max_length": SURVEY_TEXT_MAX_LENGTH,
        "min_group": MIN_ANONYMOUS_GROUP,
        "error": error,
        "cohorts": list(rating_selectors.watched_cohorts_of(request.user, page))
        if request.user.is_authenticated
        else [],
    }


def survey_serve(request, page: SurveyPage, *, submitted=None, error: str = ""):
    """The survey page: the trainee's form and state; result links for the cohort's staff."""
    enrollment = rating_selectors.page_enrollment(request.user, page)
    context = _context(request, page, enrollment=enrollment, submitted=submitted, error=error)
    if enrollment is None and not context["cohorts"]:
        raise Http404
    response = TemplateResponse(request, page.template, context, status=400 if error else 200)
    return _private(response)


def survey_preview_context(request, page: SurveyPage) -> dict:
    """The CMS preview: the questions as a trainee will see them, with no one's answers."""
    context = _context(request, page, enrollment=None)
    context.update(preview=True, state=selectors.SurveyState(status=selectors.OPEN))
    return context


@login_required
@ratelimit(key="user", rate=POST_RATE, method="POST")
@require_POST
def survey_answer_view(request, survey_id: int):
    """回答を送信する: keep the trainee's one answer to the survey."""
    page = get_object_or_404(SurveyPage.objects.live(), pk=survey_id)
    enrollment = rating_selectors.page_enrollment(request.user, page)
    if enrollment is None:
        raise Http404
    answers = {
        name.removeprefix(ANSWER_PREFIX): request.POST.get(name)
        for name in request.POST
        if name.startswith(ANSWER_PREFIX)
    }
    try:
        survey_answer(enrollment=enrollment, page=page, answers=answers)
    except SurveyError as exc:
        return survey_serve(request, page, submitted=answers, error=str(exc))
    messages.success(request, _("アンケートに回答しました。ご協力ありがとうございました。"))
    return redirect(page.url)


def _page_and_cohort(request, survey_id: int, cohort_id: int):
    page = get_object_or_404(SurveyPage.objects.live(), pk=survey_id)
    cohort = get_object_or_404(
        rating_selectors.watched_cohorts_of(request.user, page), pk=cohort_id
    )
    return page, cohort


@login_required
def survey_report(request, survey_id: int, cohort_id: int):
    """The cohort's results per question: the 1–5 distribution with its mean, and free texts."""
    page, cohort = _page_and_cohort(request, survey_id, cohort_id)
    results = selectors.survey_results(user=request.user, cohorts=[cohort], page=page)
    for result in results:
        if result.kind == selectors.RATING and not result.too_few:
            result.chart = bar_chart(
                [(str(score), count) for score, count in result.distribution.items()],
                unit=_("人"),
            )
    answered, enrolled = selectors.response_count(page=page, cohort=cohort)
    context = {
        "page": page,
        "cohort": cohort,
        "results": results,
        "too_few": page.anonymous and any(result.too_few for result in results),
        "answered": answered,
        "enrolled": enrolled,
        "min_group": MIN_ANONYMOUS_GROUP,
    }
    return _private(TemplateResponse(request, "assessments/survey_report.html", context))


def _export(request, survey_id: int, cohort_id: int, kind: str):
    page, cohort = _page_and_cohort(request, survey_id, cohort_id)
    table = selectors.survey_export(user=request.user, page=page, cohort=cohort)
    if table.too_few:
        messages.warning(
            request,
            _("回答が%(n)s件未満のため、匿名のアンケートの結果は書き出せません。")
            % {"n": MIN_ANONYMOUS_GROUP},
        )
        return redirect("assessments:survey_report", survey_id=page.pk, cohort_id=cohort.pk)
    name = _("%(survey)s_%(cohort)s") % {"survey": page.title, "cohort": cohort.title}
    if kind == "csv":
        return download(
            table_csv(table.header, table.rows), filename=f"{name}.csv", content_type=CSV_TYPE
        )
    return download(
        table_xlsx(table.header, table.rows, sheet_title=page.title),
        filename=f"{name}.xlsx",
        content_type=XLSX_TYPE,
    )


@login_required
def survey_export_csv(request, survey_id: int, cohort_id: int):
    """The cohort's answers as CSV (UTF-8 with BOM), withheld like the results page."""
    return _export(request, survey_id, cohort_id, "csv")


@login_required
def survey_export_xlsx(request, survey_id: int, cohort_id: int):
    """The cohort's answers as an Excel workbook, withheld like the results page."""
    return _export(request, survey_id, cohort_id, "xlsx")


urlpatterns = [
    path("surveys/<id:survey_id>/answer/", survey_answer_view, name="survey_answer"),
    path("surveys/<id:survey_id>/cohorts/<id:cohort_id>/", survey_report, name="survey_report"),
    path(
        "surveys/<id:survey_id>/cohorts/<id:cohort_id>/export.csv",
        survey_export_csv,
        name="survey_export_csv",
    ),
    path(
        "surveys/<id:survey_id>/cohorts/<id:cohort_id>/export.xlsx",
        survey_export_xlsx,
        name="survey_export_xlsx",
    ),
]
