"""CMS screens where prefecture administrators manage their cohorts and enrollments."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from courses import services
from courses.admin_forms import CohortForm, EnrollmentCreateForm, EnrollmentStatusForm
from courses.models import Cohort, Enrollment
from courses.permissions import PrefectureScopedPolicy


class ScopedListingMixin:
    """Listings show only the rows of the user's prefectures."""

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "view")


class ScopedObjectMixin:
    """Every screen about one row finds it only among the user's prefectures' rows.

    Wagtail's object views fetch their row in four different ways (get_queryset,
    get_base_object_queryset, or a get_object_or_404 on the model itself in the copy
    and inspect views), so the one fetch all of them share, get_object, is replaced.
    Cohorts and enrollments keep no drafts, so Wagtail's revision handling is not needed.
    """

    def get_object(self, queryset=None):
        # The delete view asks twice; the second time the row is already the checked one.
        if getattr(self, "object", None) is not None:
            return self.object
        if self.pk_url_kwarg not in self.kwargs:  # the add view: no row yet
            return None
        pk = unquote(str(self.kwargs[self.pk_url_kwarg]))
        scoped = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return get_object_or_404(scoped, pk=pk)


class PrefectureScopedViewSet(ModelViewSet):
    """A ModelViewSet whose every view, present or added by a later Wagtail, is scoped.

    Views are scoped where they are built rather than class by class, so a screen
    Wagtail registers later (inspect, reorder, ...) cannot be left open by forgetting it.
    """

    # Wagtail's <int:pk> lets an id past 2^63 reach the database (OverflowError, a 500).
    pk_path_converter = "id"

    def construct_view(self, view_class, **kwargs):
        mixin = ScopedListingMixin if issubclass(view_class, IndexView) else ScopedObjectMixin
        scoped = type(f"Scoped{view_class.__name__}", (mixin, view_class), {})
        return super().construct_view(scoped, **kwargs)


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


class CohortEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        data = dict(self.form.cleaned_data)
        data.pop("prefecture", None)
        return services.cohort_update(cohort=self.object, **data)


class ServiceDeleteView(DeleteView):
    """Delete through a service, so open sockets hear of it; a refusal is a message, not a 500."""

    def delete_instance(self) -> None:
        raise NotImplementedError

    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete")
            self.delete_instance()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.CohortError as exc:
            messages.error(self.request, str(exc))
            return redirect(self.get_delete_url())


class CohortDeleteView(ServiceDeleteView):
    def delete_instance(self) -> None:
        services.cohort_delete(cohort=self.object)


class EnrollmentDeleteView(ServiceDeleteView):
    def delete_instance(self) -> None:
        services.enrollment_delete(enrollment=self.object)


class EnrollmentCreateView(ServiceFormMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.enrollment_create(
            trainee=data["trainee"], cohort=data["cohort"], status=data["status"]
        )


class EnrollmentEditView(ServiceFormMixin, EditView):
    def save_instance(self):
        return services.enrollment_set_status(
            enrollment=self.object, status=self.form.cleaned_data["status"]
        )


def _roster_link(cohort: Cohort) -> str:
    """A link from the CMS list to the site's roster, where progress and reflections are read."""
    return format_html(
        '<a href="{}">{}</a>',
        reverse("courses:cohort_detail", kwargs={"cohort_id": cohort.pk}),
        _("受講者と進捗"),
    )


class CohortViewSet(PrefectureScopedViewSet):
    """研修の回: a prefecture administrator's cohorts."""

    model = Cohort
    icon = "group"
    menu_label = _("研修の回")
    permission_policy = PrefectureScopedPolicy(Cohort, "prefecture")
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    delete_view_class = CohortDeleteView
    list_display = [
        "title",
        "program",
        "prefecture",
        "fiscal_year",
        "starts_on",
        "capacity",
        Column("roster", label=_("受講者と進捗"), accessor=_roster_link),
    ]
    search_fields = ["title", "venue"]

    def get_form_class(self, for_update=False):
        return CohortForm


class EnrollmentViewSet(PrefectureScopedViewSet):
    """受講登録: who is in which cohort."""

    model = Enrollment
    icon = "user"
    menu_label = _("受講登録")
    permission_policy = PrefectureScopedPolicy(Enrollment, "cohort__prefecture")
    add_view_class = EnrollmentCreateView
    edit_view_class = EnrollmentEditView
    delete_view_class = EnrollmentDeleteView
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
