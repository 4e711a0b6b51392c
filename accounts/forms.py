"""Forms for signing up, inviting people and keeping organisations."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Prefecture, Role
from accounts.selectors import municipalities_of, municipality_named, organisations_of
from base.forms import IdChoiceField
from base.validators import validate_single_line


class InvitationForm(forms.Form):
    """What a prefecture administrator enters to invite a person."""

    email = forms.EmailField(label=_("メールアドレス"), max_length=254)
    full_name = forms.CharField(label=_("氏名"), max_length=100, validators=[validate_single_line])
    furigana = forms.CharField(
        label=_("ふりがな"), max_length=100, required=False, validators=[validate_single_line]
    )
    role = forms.ChoiceField(label=_("役割"), choices=Role.choices, initial=Role.TRAINEE)
    organisation = IdChoiceField(
        label=_("所属機関"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("（選択しない）"),
    )

    def __init__(self, *args, prefecture: Prefecture, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_of(prefecture)
        self.fields["organisation"].error_messages["invalid_choice"] = _(
            "所属機関は一覧から選んでください。"
        )
        # Django's own message repeats the value sent, however long it is.
        self.fields["role"].error_messages["invalid_choice"] = _("役割は一覧から選んでください。")


class OrganisationForm(forms.Form):
    """An organisation's editable fields; its prefecture comes from the URL, never the form."""

    name = forms.CharField(label=_("機関名"), max_length=200, validators=[validate_single_line])
    kind = forms.ChoiceField(label=_("種別"), choices=Organisation.Kind.choices)
    municipality = forms.CharField(
        label=_("市区町村"),
        max_length=50,
        required=False,
        validators=[validate_single_line],
        help_text=_("一覧にある名前で入力してください（政令指定都市は区まで入力できます）。"),
        widget=forms.TextInput(attrs={"list": "municipality-names", "autocomplete": "off"}),
    )

    def __init__(self, *args, prefecture: Prefecture, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefecture = prefecture

    def municipality_names(self) -> list[str]:
        """The prefecture's 市区町村, offered as the field's suggestions."""
        return list(municipalities_of(self.prefecture).values_list("name", flat=True))

    def clean_municipality(self) -> str:
        """The municipality's own name, or a Japanese error for one the prefecture lacks."""
        name = self.cleaned_data["municipality"]
        if not name.strip():
            return ""
        found = municipality_named(self.prefecture, name)
        if found is None:
            raise forms.ValidationError(
                _("「%(name)s」は%(prefecture)sの市区町村として登録されていません。"),
                params={"name": name[:50], "prefecture": self.prefecture.name},
            )
        return found.name


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form with the labels our users know."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("メールアドレス")
        # The page links to password reset itself, below the button.
        self.fields["password"].help_text = ""
