"""bench.planning's URLs: the site's own, and before them the plan page's plain baseline."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns

#: The plain page: the site's layout and the plan's days, meetings and milestones as lists,
#: with the same date filters; no checks and no forms, so the ratio charges the app for both.
BASELINE = (
    '{% extends "base.html" %}{% block content %}<h1>{{ plan.title }}</h1>'
    "<p>{{ plan.committee.prefecture.name }}</p><table><tbody>{% for day in days %}<tr>"
    '<td>{{ day.date|date:"Y年n月j日（D）" }}</td><th><a href="/planning/days/{{ day.pk }}/">'
    '{{ day.title }}</a></th><td>{{ day.starts_at|time:"H:i" }}–{{ day.ends_at|time:"H:i" }}'
    "</td><td>{{ day.venue }}（{{ day.capacity }}）</td><td>{{ day.item_count }}</td></tr>"
    "{% endfor %}</tbody></table><ol>{% for meeting in meetings %}<li>"
    '<a href="/planning/meetings/{{ meeting.pk }}/">{{ meeting.title }}</a> '
    '{{ meeting.starts_at|date:"Y年n月j日（D）H:i" }} {{ meeting.training_day__title }}</li>'
    "{% endfor %}</ol><ol>{% for milestone in milestones %}<li>"
    '<a href="/planning/milestones/{{ milestone.pk }}/">{{ milestone.title }}</a> '
    '{{ milestone.due_on|date:"Y年n月j日（D）" }}</li>{% endfor %}</ol>{% endblock %}'
)
_template = engines["django"].from_string(BASELINE)


@login_required
def plan_baseline(request, plan_id: int):
    """The plan's rows read with plain queries and drawn by the plain template."""
    from planning.models import AnnualPlan, Milestone, PlanningMeeting, TrainingDay

    plan = AnnualPlan.objects.select_related("committee__prefecture").filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    context = {
        "plan": plan,
        "days": TrainingDay.objects.filter(plan=plan)
        .annotate(item_count=Count("items"))
        .values("pk", "title", "date", "starts_at", "ends_at", "venue", "capacity", "item_count"),
        "meetings": PlanningMeeting.objects.filter(plan=plan).values(
            "pk", "title", "starts_at", "training_day__title"
        ),
        "milestones": Milestone.objects.filter(plan=plan).values("pk", "title", "due_on"),
    }
    return TemplateResponse(request, _template, context)


urlpatterns = [
    path("bench/plan-baseline/<int:plan_id>/", plan_baseline, name="bench_plan_baseline"),
    *site_urlpatterns,
]
