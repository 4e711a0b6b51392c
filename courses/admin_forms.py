"""CMS forms for cohorts and enrollments; every choice is limited to the user's prefectures."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts import scoping
from accounts.models import Prefecture, Role
from base.forms import IdChoiceField, IdMultipleChoiceField
from courses.models import Cohort, Enrollment, ProgramPage


def _people_with_role(for_user, role: str):
    # Superusers edit every prefecture's cohorts in the CMS, as the viewsets' policy allows.
    return scoping.people_for(
        for_user, roles=scoping.ADMIN_ROLES, member_roles=[role], superuser_sees_all=True
    )


def _prefecture_ids(for_user):
    if for_user is not None and for_user.is_superuser:
        return Prefecture.objects.values_list("pk", flat=True)
    return scoping.prefecture_ids_for(for_user, scoping.ADMIN_ROLES)


class CohortForm(WagtailAdminModelForm):
    """A cohort: program, prefecture, 年度, dates, venue, capacity, facilitators."""

    class Meta:
        model = Cohort
        fields = [
            "program",
            "prefecture",
            "fiscal_year",
            "title",
            "starts_on",
            "ends_on",
            "venue",
            "capacity",
            "facilitators",
        ]
        widgets = {"facilitators": forms.CheckboxSelectMultiple}
        field_classes = {
            "program": IdChoiceField,
            "prefecture": IdChoiceField,
            "facilitators": IdMultipleChoiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["program"].queryset = ProgramPage.objects.live().order_by("path")
        self.fields["prefecture"].queryset = Prefecture.objects.filter(pk__in=_prefecture_ids(user))
        self.fields["facilitators"].queryset = _people_with_role(user, Role.FACILITATOR)
        self.fields["facilitators"].required = False
        if self.instance.pk:
            self.fields["prefecture"].disabled = True

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("終了日は開始日より後にしてください。"))
        return cleaned


class EnrollmentCreateForm(WagtailAdminModelForm):
    """Put one of the prefecture's trainees into one of its cohorts."""

    class Meta:
        model = Enrollment
        fields = ["cohort", "trainee", "status"]
        field_classes = {"cohort": IdChoiceField, "trainee": IdChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["cohort"].queryset = Cohort.objects.for_user(
            user, roles=scoping.ADMIN_ROLES, superuser_sees_all=True
        )
        self.fields["trainee"].queryset = _people_with_role(user, Role.TRAINEE)


class EnrollmentStatusForm(WagtailAdminModelForm):
    """Change an enrollment's state (invited, enrolled, completed, withdrawn)."""

    class Meta:
        model = Enrollment
        fields = ["status"]
