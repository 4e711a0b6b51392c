"""Views of a training day's seats: share them by a rule, adjust them by hand, see the check."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from planning.seats import SeatRule
from planning.selectors.seats import seat_plan_of
from planning.selectors.training import day_for_editing
from planning.selectors.waiting import waiting_entry_of, waiting_of
from planning.services.errors import PlanningError
from planning.services.seats import (
    municipality_staff,
    seats_adjust,
    seats_share,
    seats_total_problem,
)
from planning.services.waiting import waiting_remove
from planning.views.common import or_404


class SeatShareForm(forms.Form):
    """The rule to share the seats by."""

    rule = forms.ChoiceField(
        label=gettext_lazy("残りの席の配り方"), choices=SeatRule.CHOICES, widget=forms.RadioSelect
    )


class SeatAdjustForm(forms.Form):
    """One number field per municipality of the day's seat plan, named by its allocation."""

    def __init__(self, *args, allocations, capacity: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for allocation in allocations:
            self.fields[f"seat_{allocation.pk}"] = forms.IntegerField(
                label=allocation.municipality,
                min_value=0,
                max_value=capacity,
                initial=allocation.seats,
            )

    def seats(self) -> dict[int, int]:
        """The numbers typed, by allocation id."""
        return {int(name.removeprefix("seat_")): value for name, value in self.cleaned_data.items()}


def _page(request, day, *, share_form=None, adjust_form=None, error="", status=200):
    seat_plan, allocations = seat_plan_of(day)
    total = sum(a.seats for a in allocations)
    return TemplateResponse(
        request,
        "planning/seats.html",
        {
            "day": day,
            "plan": day.plan,
            "seat_plan": seat_plan,
            "allocations": allocations,
            "total": total,
            "problem": seats_total_problem(day.capacity, total) if allocations else None,
            "municipality_count": len(municipality_staff(day.plan.committee.prefecture)),
            "share_form": share_form
            or SeatShareForm(initial={"rule": seat_plan.rule if seat_plan else SeatRule.EQUAL}),
            "adjust_form": adjust_form
            or (
                SeatAdjustForm(allocations=allocations, capacity=day.capacity)
                if allocations
                else None
            ),
            "error": error,
            "waiting": waiting_of(day),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def day_seats(request, day_id: int):
    """The day's seats per municipality: share them by a rule, or adjust them by hand."""
    day = or_404(day_for_editing(request.user, day_id))
    if request.method == "GET":
        return _page(request, day)
    if request.POST.get("action") == "adjust":
        _seat_plan, allocations = seat_plan_of(day)
        form = SeatAdjustForm(request.POST, allocations=allocations, capacity=day.capacity)
        if not allocations:
            return _page(request, day, error=_("先に席を配ってください。"), status=400)
        if not form.is_valid():
            return _page(request, day, adjust_form=form, status=400)
        try:
            seats_adjust(day=day, seats=form.seats())
        except PlanningError as error:
            return _page(request, day, adjust_form=form, error=error.message, status=400)
        messages.success(request, _("席数を保存しました。"))
        return redirect("planning:day_seats", day_id=day.pk)
    form = SeatShareForm(request.POST)
    if not form.is_valid():
        return _page(request, day, share_form=form, status=400)
    try:
        seats_share(day=day, rule=form.cleaned_data["rule"])
    except PlanningError as error:
        return _page(request, day, share_form=form, error=error.message, status=400)
    messages.success(request, _("会場の定員から席を配りました。"))
    return redirect("planning:day_seats", day_id=day.pk)


@login_required
@require_POST
def waiting_entry_remove(request, day_id: int, entry_id: int):
    """Take one person off the day's waiting list (順番待ち)."""
    day = or_404(day_for_editing(request.user, day_id))
    entry = or_404(waiting_entry_of(day, entry_id))
    waiting_remove(entry=entry)
    messages.success(
        request, _("%(name)sさんを順番待ちから外しました。") % {"name": entry.full_name}
    )
    return redirect("planning:day_seats", day_id=day.pk)


urlpatterns = [
    path("days/<id:day_id>/seats/", day_seats, name="day_seats"),
    path(
        "days/<id:day_id>/waiting/<id:entry_id>/remove/",
        waiting_entry_remove,
        name="waiting_entry_remove",
    ),
]
