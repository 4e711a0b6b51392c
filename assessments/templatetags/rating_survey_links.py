"""Links from a cohort's roster (a courses page) to its self-rating report and survey results.

A template tag, so courses, a floor below, names no assessments code: its template
loads this library only when it draws the roster for the cohort's staff.
"""

from django import template

from assessments.selectors import ratings as rating_selectors
from assessments.selectors import surveys as survey_selectors

register = template.Library()


@register.inclusion_tag("assessments/survey_rating_links.html")
def rating_survey_links(cohort) -> dict:
    """The program's live self-rating and survey pages, each linked to this cohort's report."""
    return {
        "cohort": cohort,
        "ratings": rating_selectors.pages_of(cohort.program),
        "surveys": survey_selectors.pages_of(cohort.program),
    }
