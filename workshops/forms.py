"""Forms of the workshop setup pages: creating a workshop, editing phases, placing people."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from casestudies.models import CaseStudyPage
from workshops.methods import Method

TOKYO = ZoneInfo("Asia/Tokyo")


class WorkshopCreateForm(forms.Form):
    """A new workshop: which cohort, when, on which case, by which method."""

    cohort = forms.ModelChoiceField(label=_("研修の回"), queryset=None)
    title = forms.CharField(label=_("名称"), max_length=200)
    date = forms.DateField(label=_("実施日"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("開始時刻"), widget=forms.TimeInput(attrs={"type": "time"}))
    method = forms.ChoiceField(label=_("方法"), choices=Method.choices)
    case_study = forms.ModelChoiceField(
        label=_("事例"), queryset=CaseStudyPage.objects.live().order_by("title"), required=False
    )
    facilitators = forms.ModelMultipleChoiceField(
        label=_("ファシリテーター"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("研修の回と同じ都道府県のファシリテーターから選びます。"),
    )
    group_size = forms.IntegerField(
        label=_("1グループの人数"), min_value=2, max_value=12, initial=5
    )

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts.select_related("prefecture")
        prefecture_ids = cohorts.values_list("prefecture_id", flat=True)
        self.fields["facilitators"].queryset = User.objects.filter(
            memberships__role=Role.FACILITATOR, memberships__prefecture_id__in=prefecture_ids
        ).distinct()

    def starts_at(self) -> datetime:
        """The start as an aware time in Japan."""
        return datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"], tzinfo=TOKYO)


class PhaseForm(forms.Form):
    """One phase row of the setup page."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("フェーズ名"), max_length=100)
    minutes = forms.IntegerField(label=_("時間（分）"), min_value=1, max_value=180)
    instructions = forms.CharField(
        label=_("進め方"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    prompts = forms.CharField(
        label=_("問いかけ（1行に1つ）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BasePhaseFormSet(forms.BaseFormSet):
    """The phases as a whole: at least one must remain."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        if not kept:
            raise forms.ValidationError(_("フェーズを1つ以上残してください。"))

    def phases(self) -> list[dict]:
        """The kept rows in the order the facilitator gave."""
        rows = [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        rows.sort(key=lambda f: f.cleaned_data.get("ORDER") or 0)
        return [
            {
                key: f.cleaned_data[key]
                for key in ("id", "name", "minutes", "instructions", "prompts")
            }
            for f in rows
        ]


PhaseFormSet = forms.formset_factory(
    PhaseForm, formset=BasePhaseFormSet, extra=1, can_delete=True, can_order=True, max_num=20
)


class AssignForm(forms.Form):
    """Automatic grouping: how many people per group."""

    group_size = forms.IntegerField(label=_("1グループの人数"), min_value=2, max_value=12)


class MoveForm(forms.Form):
    """Place one trainee into a group, or take them out of every group."""

    trainee = forms.IntegerField(widget=forms.HiddenInput)
    group = forms.IntegerField(label=_("移動先"), required=False)
