"""Views of the 振り返り: the year's figures per training day, and the keep/change notes."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from base.forms import IdChoiceField
from base.validators import validate_multiline
from planning.models import NOTE_MAX_LENGTH, NoteKind
from planning.selectors.retrospective import SCALE_MAX, own_seat, retrospective
from planning.services.errors import PlanningError
from planning.services.retrospective import plan_copy_next_year, retrospective_note_add
from planning.views.common import run_service
from planning.views.plans import _plan


class RetrospectiveNoteForm(forms.Form):
    """A note of what to keep or change, about the plan or one of its days."""

    kind = forms.ChoiceField(
        label=gettext_lazy("種類"), choices=NoteKind.choices, widget=forms.RadioSelect
    )
    training_day = IdChoiceField(
        label=gettext_lazy("対象"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("計画全体"),
    )
    text = forms.CharField(
        label=gettext_lazy("内容"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_multiline],
    )

    def __init__(self, *args, plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["training_day"].queryset = plan.training_days.order_by("date", "pk")


def _page(request, plan, *, form=None, status=200):
    days, plan_notes = retrospective(request.user, plan)
    return TemplateResponse(
        request,
        "planning/retrospective.html",
        {
            "plan": plan,
            "days": days,
            "plan_notes": plan_notes,
            "scale_max": SCALE_MAX,
            "form": form or RetrospectiveNoteForm(plan=plan, initial={"kind": NoteKind.KEEP}),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_retrospective(request, plan_id: int):
    """振り返りの会: per day the survey, the before/after change, attendance and completion."""
    plan = _plan(request, plan_id)
    if request.method == "GET":
        return _page(request, plan)
    form = RetrospectiveNoteForm(request.POST, plan=plan)
    if form.is_valid():
        author = own_seat(request.user, plan)
        note = run_service(
            form,
            lambda: retrospective_note_add(plan=plan, author=author, **form.cleaned_data),
        )
        if note is not None:
            messages.success(request, _("振り返りのメモを記録しました。"))
            return redirect("planning:plan_retrospective", plan_id=plan.pk)
    return _page(request, plan, form=form, status=400)


@login_required
@require_POST
def plan_next_year(request, plan_id: int):
    """Copy this plan into the next 年度, dates on the same weekday, with the keep/change notes."""
    plan = _plan(request, plan_id)
    try:
        copy = plan_copy_next_year(plan=plan)
    except PlanningError as error:
        messages.error(request, error.message)
        return redirect("planning:plan_retrospective", plan_id=plan.pk)
    messages.success(
        request,
        _(
            "%(year)s年度の年間計画を作りました。日付は同じ曜日に移してあります。休日に当たる日は計画の確認で示されます。"
        )
        % {"year": copy.committee.fiscal_year},
    )
    return redirect("planning:plan_detail", plan_id=copy.pk)


urlpatterns = [
    path("plans/<id:plan_id>/retrospective/", plan_retrospective, name="plan_retrospective"),
    path("plans/<id:plan_id>/next-year/", plan_next_year, name="plan_next_year"),
]
