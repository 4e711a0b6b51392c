"""The extra sign-up fields; kept apart because allauth imports it while building its own forms."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignupProfileForm(forms.Form):
    """The extra fields of open sign-up (when a deployment turns it on): 氏名 and ふりがな."""

    full_name = forms.CharField(label=_("氏名"), max_length=100)
    furigana = forms.CharField(label=_("ふりがな"), max_length=100, required=False)

    def signup(self, request, user) -> None:
        """allauth calls this once the account exists."""
        user.full_name = self.cleaned_data["full_name"]
        user.furigana = self.cleaned_data.get("furigana", "")
        user.save(update_fields=["full_name", "furigana"])
