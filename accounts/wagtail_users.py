"""Wagtail's user screens for our user model: 氏名 and ふりがな, and sockets closed on deactivation."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.bulk_actions import DeleteBulkAction, SetActiveStateBulkAction
from wagtail.users.views.users import DeleteView as WagtailUserDeleteView
from wagtail.users.views.users import EditView as WagtailUserEditView
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts import services

PROFILE_FIELDS = {"email", "full_name", "furigana", "is_superuser", "groups"}


class TsunaguUserCreationForm(UserCreationForm):
    """Wagtail's create-user form with 氏名 and ふりがな."""

    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("氏名"), max_length=100)
    furigana = forms.CharField(label=_("ふりがな"), max_length=100, required=False)

    class Meta(UserCreationForm.Meta):
        fields = PROFILE_FIELDS


class TsunaguUserEditForm(UserEditForm):
    """Wagtail's edit-user form with 氏名 and ふりがな."""

    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("氏名"), max_length=100)
    furigana = forms.CharField(label=_("ふりがな"), max_length=100, required=False)

    class Meta(UserEditForm.Meta):
        fields = PROFILE_FIELDS | {"is_active"}


class UserEditView(WagtailUserEditView):
    """Editing a user; unticking 有効 closes the person's open sockets once saved."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.was_active = self.object.is_active

    def save_instance(self):
        user = super().save_instance()
        if self.was_active and not user.is_active:
            services.user_sessions_end_on_commit(user_id=user.pk)
        return user


class UserDeleteView(WagtailUserDeleteView):
    """Deleting a user through users_delete: sockets closed, refused while records name them."""

    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete")
            services.users_delete(users=[self.object])

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.UserDeleteError as exc:
            messages.error(self.request, exc.message)
            return redirect("wagtailusers_users:edit", self.object.pk)


class UserSetActiveStateBulkAction(SetActiveStateBulkAction):
    """The listing's 「有効にする/無効にする」 for many users, closing the sockets of those turned off."""

    @classmethod
    def execute_action(cls, objects, mark_as_active=False, **kwargs):
        result = super().execute_action(objects, mark_as_active=mark_as_active, **kwargs)
        if not mark_as_active:
            acting = kwargs.get("user")
            for user in objects:
                if acting is None or user.pk != acting.pk:
                    services.user_sessions_end_on_commit(user_id=user.pk)
        return result


class UserDeleteBulkAction(DeleteBulkAction):
    """The listing's bulk delete through users_delete: all or none, sockets closed."""

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return services.users_delete(users=objects), 0

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.UserDeleteError as exc:
            messages.error(self.request, exc.message)
            return redirect("wagtailusers_users:index")


# Wagtail keys bulk actions by type, so these replace its own. This module is imported
# when the admin's URLs are built, after wagtail.users registered the originals and
# before any bulk action is looked up.
for _action in (UserSetActiveStateBulkAction, UserDeleteBulkAction):
    hooks.register("register_bulk_action", _action)


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin, using the forms and views above."""

    # Wagtail's <int:pk> lets an id past 2^63 reach the database (OverflowError, a 500).
    pk_path_converter = "id"
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView

    def get_form_class(self, for_update: bool = False):
        return TsunaguUserEditForm if for_update else TsunaguUserCreationForm
