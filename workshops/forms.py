"""Forms of the workshop setup pages: creating a workshop, editing phases, placing people."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import scoping
from accounts.models import Role, User
from base.converters import MAX_ID as MAX_ROW_ID
from base.forms import IdChoiceField, IdMultipleChoiceField
from casestudies.models import CaseStudyPage
from workshops.methods import Method
from workshops.models import TEXT_LIMIT

TOKYO = ZoneInfo("Asia/Tokyo")
# Far-off years are typing slips, and year 1 in Tokyo is before year 1 in UTC (an overflow).
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
MAX_ID = 2_147_483_647


def facilitators_of(cohort) -> list[User]:
    """The cohort's facilitators who still hold the role in its prefecture: the form's default."""
    return list(
        cohort.facilitators.filter(
            memberships__role=Role.FACILITATOR,
            memberships__prefecture_id=cohort.prefecture_id,
        ).distinct()
    )


class WorkshopCreateForm(forms.Form):
    """A new workshop: which cohort, when, on which case, by which method."""

    cohort = IdChoiceField(label=_("研修の回"), queryset=None)
    title = forms.CharField(label=_("名称"), max_length=200)
    date = forms.DateField(label=_("実施日"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("開始時刻"), widget=forms.TimeInput(attrs={"type": "time"}))
    method = forms.ChoiceField(label=_("方法"), choices=Method.choices)
    case_study = IdChoiceField(
        label=_("事例"), queryset=CaseStudyPage.objects.live().order_by("title"), required=False
    )
    facilitators = IdMultipleChoiceField(
        label=_("ファシリテーター"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "研修の回と同じ都道府県のファシリテーターから選びます。"
            "選ばないときは、研修の回のファシリテーターが担当します。"
        ),
    )
    group_size = forms.IntegerField(
        label=_("1グループの人数"), min_value=2, max_value=12, initial=5
    )

    def __init__(self, *args, cohorts, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts.select_related("prefecture")
        prefecture_ids = cohorts.values_list("prefecture_id", flat=True)
        # People the user may see at all, then only the facilitators of the cohorts' prefectures.
        self.fields["facilitators"].queryset = (
            scoping.people_for(user, member_roles=[Role.FACILITATOR])
            .filter(
                memberships__role=Role.FACILITATOR, memberships__prefecture_id__in=prefecture_ids
            )
            .distinct()
            .order_by("furigana", "pk")
        )
        if not self.is_bound and cohorts.count() == 1:
            # One cohort to choose from: show it with its facilitators already ticked.
            cohort = cohorts.get()
            self.initial.setdefault("cohort", cohort.pk)
            self.initial.setdefault("facilitators", [p.pk for p in facilitators_of(cohort)])

    def clean_date(self) -> date:
        """A day within this century."""
        day = self.cleaned_data["date"]
        if not FIRST_DAY <= day <= LAST_DAY:
            raise forms.ValidationError(_("実施日は2000年から2099年の間で入力してください。"))
        return day

    def clean(self):
        """No facilitator ticked means the cohort's own facilitators."""
        cleaned = super().clean()
        cohort = cleaned.get("cohort")
        if cohort is not None and "facilitators" in cleaned and not cleaned["facilitators"]:
            cleaned["facilitators"] = facilitators_of(cohort)
            if not cleaned["facilitators"]:
                self.add_error(
                    "facilitators",
                    _("この研修の回にはファシリテーターがいません。1人以上選んでください。"),
                )
        return cleaned

    def starts_at(self) -> datetime:
        """The start as an aware time in Japan."""
        return datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"], tzinfo=TOKYO)


class PhaseForm(forms.Form):
    """One phase row of the setup page."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    name = forms.CharField(label=_("フェーズ名"), max_length=100)
    minutes = forms.IntegerField(label=_("時間（分）"), min_value=1, max_value=180)
    instructions = forms.CharField(
        label=_("進め方"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    prompts = forms.CharField(
        label=_("問いかけ（1行に1つ）"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        """A broken hidden row number gets a message the page shows; hidden fields' errors are not."""
        cleaned = super().clean()
        if self.has_error("id"):
            self.add_error(
                None,
                _("このフェーズを特定できません。ページを読み込み直してから保存してください。"),
            )
        return cleaned


class BasePhaseFormSet(forms.BaseFormSet):
    """The phases as a whole: at least one must remain."""

    def _kept(self) -> list[forms.Form]:
        """Filled rows not marked for deletion (an untouched blank row has no cleaned data)."""
        return [f for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]

    def clean(self):
        """Refuse a list with every phase deleted."""
        super().clean()
        # A broken management form already carries its own error; keep that one visible.
        if any(self.errors) or not self.management_form.is_valid():
            return
        if not self._kept():
            raise forms.ValidationError(_("フェーズを1つ以上残してください。"))

    def phases(self) -> list[dict]:
        """The kept rows in the order the facilitator gave; rows without a number go last."""
        rows = sorted(
            self._kept(),
            key=lambda f: (f.cleaned_data.get("ORDER") is None, f.cleaned_data.get("ORDER") or 0),
        )
        return [
            {
                key: f.cleaned_data[key]
                for key in ("id", "name", "minutes", "instructions", "prompts")
            }
            for f in rows
        ]


# validate_max: a tampered TOTAL_FORMS gets an error, not a thousand phases.
PhaseFormSet = forms.formset_factory(
    PhaseForm,
    formset=BasePhaseFormSet,
    extra=1,
    can_delete=True,
    can_order=True,
    max_num=20,
    validate_max=True,
)


class AssignForm(forms.Form):
    """Automatic grouping: how many people per group."""

    group_size = forms.IntegerField(label=_("1グループの人数"), min_value=2, max_value=12)


class MoveForm(forms.Form):
    """Place one trainee into a group, or take them out of every group."""

    # Bounded so a tampered id is a form error rather than an integer the database refuses;
    # people and groups have 64-bit ids, so the bound is the converter's, not 2^31 - 1.
    trainee = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ROW_ID)
    group = forms.IntegerField(label=_("移動先"), required=False, min_value=1, max_value=MAX_ROW_ID)
