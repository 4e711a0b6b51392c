"""Wagtail's user screens for our user model: 氏名 and ふりがな instead of first and last name."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

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


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin, using the forms above."""

    # Wagtail's <int:pk> lets an id past 2^63 reach the database (OverflowError, a 500).
    pk_path_converter = "id"

    def get_form_class(self, for_update: bool = False):
        return TsunaguUserEditForm if for_update else TsunaguUserCreationForm
