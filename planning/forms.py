"""Planning's forms: they parse input only; every rule lives in planning/services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Prefecture
from base.forms import IdChoiceField, IdMultipleChoiceField
from base.validators import validate_multiline, validate_single_line
from courses.models import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, ProgramPage
from planning.models import (
    NAME_MAX_LENGTH,
    ActionState,
    AgendaKind,
    AgendaScope,
    AnnualPlan,
    CommitteeMember,
    PlanningRole,
)
from planning.services.training import MAX_CAPACITY

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
TEXTAREA = forms.Textarea(attrs={"rows": 4})


def _text(label, *, max_length=NAME_MAX_LENGTH, required=True, multiline=False, **kwargs):
    validator = validate_multiline if multiline else validate_single_line
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[validator],
        widget=TEXTAREA if multiline else None,
        **kwargs,
    )


class PlanCreateForm(forms.Form):
    """Which prefecture and 年度 a new plan is for."""

    prefecture = IdChoiceField(label=_("都道府県"), queryset=Prefecture.objects.none())
    fiscal_year = forms.IntegerField(
        label=_("年度（西暦）"),
        min_value=FIRST_FISCAL_YEAR,
        max_value=LAST_FISCAL_YEAR,
        help_text=_("例: 令和8年度なら2026。1月からの準備も含めて、ひな形から日付を割り当てます。"),
    )

    def __init__(self, *args, prefectures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].queryset = prefectures
        only = list(prefectures[:2])
        if len(only) == 1:
            self.fields["prefecture"].initial = only[0].pk


class TemplateSaveForm(forms.Form):
    """The name under which a plan is kept as the prefecture's ひな形."""

    name = _text(_("ひな形の名称"), max_length=200)


class MilestoneForm(forms.Form):
    """A milestone's title, date and whether it is done."""

    title = _text(_("名称"))
    due_on = forms.DateField(label=_("期日"), widget=DATE)
    done_on = forms.DateField(label=_("完了日"), widget=DATE, required=False)
    note = _text(_("メモ"), max_length=2000, required=False, multiline=True)


class MemberAddForm(forms.Form):
    """Seat a person with the committee role; organisation and municipality default to theirs."""

    user = IdChoiceField(label=_("研修委員"), queryset=CommitteeMember.objects.none())
    organisation = _text(_("所属"), max_length=200, required=False)
    municipality = _text(_("市区町村"), max_length=50, required=False)
    national_program = _text(
        _("修了した国研修のプログラム"),
        required=False,
        help_text=_("国研修修了者のときだけ入力します。"),
    )
    national_year = forms.IntegerField(
        label=_("国研修の修了年度（西暦）"),
        min_value=FIRST_FISCAL_YEAR,
        max_value=LAST_FISCAL_YEAR,
        required=False,
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class TrainingDayForm(forms.Form):
    """A training day: program, date and hours, venue, and the cohort that attends."""

    title = _text(_("名称"), max_length=200)
    program = IdChoiceField(
        label=_("プログラム"), queryset=ProgramPage.objects.none(), required=False
    )
    date = forms.DateField(label=_("日付"), widget=DATE)
    starts_at = forms.TimeField(label=_("開始時刻"), widget=TIME)
    ends_at = forms.TimeField(label=_("終了時刻"), widget=TIME)
    venue = _text(_("会場"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("会場の定員"), min_value=1, max_value=MAX_CAPACITY)
    cohort = IdChoiceField(label=_("コホート"), queryset=ProgramPage.objects.none(), required=False)

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = ProgramPage.objects.live().order_by("path")
        self.fields["cohort"].queryset = cohorts


class AgendaItemForm(forms.Form):
    """One slot of a timetable."""

    starts_at = forms.TimeField(label=_("開始時刻"), widget=TIME)
    ends_at = forms.TimeField(label=_("終了時刻"), widget=TIME)
    subject = _text(_("科目"), max_length=200)
    kind = forms.ChoiceField(label=_("種類"), choices=AgendaKind.choices)
    scope = forms.ChoiceField(label=_("区分"), choices=AgendaScope.choices)


class RoleAssignForm(forms.Form):
    """Give one role of a slot to a committee member, or to a 外部講師 by name."""

    role = forms.ChoiceField(label=_("役割"), choices=PlanningRole.choices)
    member = IdChoiceField(
        label=_("研修委員"), queryset=CommitteeMember.objects.none(), required=False
    )
    lecturer_name = _text(_("外部講師の氏名"), required=False)
    lecturer_affiliation = _text(_("外部講師の所属"), max_length=200, required=False)

    def __init__(self, *args, members, member_choices: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        if member_choices is not None:
            # A day's page draws one form per slot: the members are read once for all of them.
            self.fields["member"].choices = member_choices


def member_choices(members) -> list:
    """The member choices of RoleAssignForm, read once, to share among a page's forms."""
    return list(RoleAssignForm(members=members).fields["member"].choices)


class RoleClearForm(forms.Form):
    """Which role of a slot to leave unassigned."""

    role = forms.ChoiceField(choices=PlanningRole.choices)


class MeetingForm(forms.Form):
    """A planning meeting: when and where, what it plans, its agenda, minutes and attendance."""

    title = _text(_("名称"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("開始日時"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(
        label=_("終了日時"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )
    place = _text(_("場所"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("オンライン会議のURL"), required=False, assume_scheme="https", max_length=200
    )
    training_day = IdChoiceField(
        label=_("検討する研修日"), queryset=CommitteeMember.objects.none(), required=False
    )
    agenda = _text(_("議題"), max_length=5000, required=False, multiline=True)
    minutes = _text(
        _("議事録（Markdown）"),
        max_length=50000,
        required=False,
        multiline=True,
        help_text=_("見出し・箇条書き・表などMarkdownで書けます。"),
    )
    decisions = _text(_("決定事項"), max_length=5000, required=False, multiline=True)
    attendees = IdMultipleChoiceField(
        label=_("出席者"),
        queryset=CommitteeMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, plan: AnnualPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training_day"].queryset = plan.training_days.all()
        self.fields["attendees"].queryset = plan.committee.members.select_related("user")


class ActionItemForm(forms.Form):
    """An action item: what, who, by when, and where it stands."""

    title = _text(_("内容"), max_length=NAME_MAX_LENGTH * 2)
    owner = IdChoiceField(label=_("担当者"), queryset=CommitteeMember.objects.none())
    due_on = forms.DateField(label=_("期限"), widget=DATE)
    state = forms.ChoiceField(label=_("状態"), choices=ActionState.choices)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members


class ActionStateForm(forms.Form):
    """Only where an action item stands, changed from the meeting page or マイページ."""

    state = forms.ChoiceField(label=_("状態"), choices=ActionState.choices)
