"""CMS screens where prefecture administrators manage their cohorts and enrollments."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from courses import services
from courses.admin_forms import CohortForm, EnrollmentCreateForm, EnrollmentStatusForm
from courses.models import Cohort, Enrollment
from courses.permissions import PrefectureScopedPolicy


class ScopedIndexView(IndexView):
    """Lists only the rows of the user's prefectures."""

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "view")


class ScopedObjectMixin:
    """Edit and delete find only the user's prefectures' rows; others are a 404."""

    def get_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "change")


class ServiceFormMixin:
    """Turn a refused service call into a form error instead of a 500."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.CohortError as exc:
            form.add_error(None, str(exc))
            self.produced_error_message = str(exc)
            return self.form_invalid(form)


class CohortCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = dict(self.form.cleaned_data)
        return services.cohort_create(**data)


class CohortEditView(ServiceFormMixin, ScopedObjectMixin, EditView):
    def save_instance(self):
        data = dict(self.form.cleaned_data)
        data.pop("prefecture", None)
        return services.cohort_update(cohort=self.object, **data)


class ScopedDeleteView(ScopedObjectMixin, DeleteView):
    """Delete finds only the user's prefectures' rows."""


class EnrollmentCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.enrollment_create(
            trainee=data["trainee"], cohort=data["cohort"], status=data["status"]
        )


class EnrollmentEditView(ServiceFormMixin, ScopedObjectMixin, EditView):
    def save_instance(self):
        return services.enrollment_set_status(
            enrollment=self.object, status=self.form.cleaned_data["status"]
        )


class CohortViewSet(ModelViewSet):
    """研修の回: a prefecture administrator's cohorts."""

    model = Cohort
    icon = "group"
    menu_label = _("研修の回")
    permission_policy = PrefectureScopedPolicy(Cohort, "prefecture")
    index_view_class = ScopedIndexView
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    delete_view_class = ScopedDeleteView
    list_display = ["title", "program", "prefecture", "fiscal_year", "starts_on", "capacity"]
    search_fields = ["title", "venue"]

    def get_form_class(self, for_update=False):
        return CohortForm


class EnrollmentViewSet(ModelViewSet):
    """受講登録: who is in which cohort."""

    model = Enrollment
    icon = "user"
    menu_label = _("受講登録")
    permission_policy = PrefectureScopedPolicy(Enrollment, "cohort__prefecture")
    index_view_class = ScopedIndexView
    add_view_class = EnrollmentCreateView
    edit_view_class = EnrollmentEditView
    delete_view_class = ScopedDeleteView
    list_display = ["trainee", "cohort", "status", "created_at"]
    list_filter = ["status"]

    def get_form_class(self, for_update=False):
        return EnrollmentStatusForm if for_update else EnrollmentCreateForm


class TrainingViewSetGroup(ViewSetGroup):
    """The 伝達研修 menu in the CMS."""

    menu_label = _("伝達研修")
    menu_icon = "group"
    items = (CohortViewSet("cohorts"), EnrollmentViewSet("enrollments"))


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()
