"""Forms of the certificate screens: they parse input; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from certificates import services
from certificates.models import (
    REASON_MAX_LENGTH,
    SEAL_MAX_BYTES,
    WORDING_PLACEHOLDERS,
    CalendarStyle,
)


class IssuerProfileForm(forms.Form):
    """The prefecture's issuer line, title, wording, 公印, number format and calendar."""

    issuer_line = forms.CharField(
        label=_("発行者"), max_length=100, help_text=_("例: 大分県知事 ○○ ○○")
    )
    title = forms.CharField(label=_("表題"), max_length=50, help_text=_("例: 修了証"))
    wording = forms.CharField(
        label=_("本文"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("使える差し込み項目: %(items)s。空行で段落を分けます。")
        % {"items": "、".join("{" + name + "}" for name in WORDING_PLACEHOLDERS)},
    )
    number_format = forms.CharField(
        label=_("番号の書式"),
        max_length=50,
        help_text=_("{年度} と {連番} が使えます。{連番} は必須です。例: 大分伝第{年度}-{連番}号"),
    )
    calendar = forms.ChoiceField(label=_("日付の書き方"), choices=CalendarStyle.choices)
    seal = forms.FileField(
        label=_("公印（PNG）"),
        required=False,
        help_text=_("PNG画像、%(kb)sKBまで。変えないときは空のままにします。")
        % {"kb": SEAL_MAX_BYTES // 1024},
        widget=forms.ClearableFileInput(attrs={"accept": "image/png"}),
    )

    def clean_wording(self) -> str:
        wording = self.cleaned_data["wording"]
        problem = services.placeholders_problem(wording, WORDING_PLACEHOLDERS, field=_("本文"))
        if problem:
            raise forms.ValidationError(problem)
        return wording

    def clean_number_format(self) -> str:
        number_format = self.cleaned_data["number_format"]
        problem = services.number_format_problem(number_format)
        if problem:
            raise forms.ValidationError(problem)
        return number_format

    def clean_seal(self):
        seal = self.cleaned_data.get("seal")
        if seal:
            problem = services.seal_problem(seal)
            if problem:
                raise forms.ValidationError(problem)
        return seal or None


class ReasonForm(forms.Form):
    """Why a certificate is revoked or reissued: required, kept in the audit list."""

    reason = forms.CharField(
        label=_("理由（必須）"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("理由を入力してください。")},
        help_text=_("%(n)s文字以内。監査記録に残ります。") % {"n": REASON_MAX_LENGTH},
    )
