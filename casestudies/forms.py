"""Forms of the case-study review: importing a report, deciding findings, adding terms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from base.validators import validate_multiline, validate_single_line
from casestudies import services
from casestudies.anonymiser import KINDS

KIND_LABELS = {
    "person": "人名",
    "organisation": "団体・機関名",
    "place": "地名",
    "address": "住所",
    "postal_code": "郵便番号",
    "phone": "電話番号",
    "email": "メールアドレス",
    "url": "URL",
    "record_number": "記録番号",
    "date": "日付",
    "age": "年齢",
}


class ImportForm(forms.Form):
    """A report pasted in or uploaded as a text file."""

    title = forms.CharField(
        label=_("タイトル（仮）"), max_length=200, validators=[validate_single_line]
    )
    text = forms.CharField(
        label=_("本文を貼り付ける"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        validators=[validate_multiline],
    )
    file = forms.FileField(
        label=_("またはテキストファイルを選ぶ（UTF-8 または Shift_JIS、1MB まで）"), required=False
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > services.MAX_REPORT_BYTES:
                raise ValidationError(
                    _("ファイルが大きすぎます（上限 1MB）。分けて取り込んでください。")
                )
            try:
                cleaned["text"] = services.report_decode(upload.read(), upload.name)
            except services.CaseStudyError as exc:
                raise ValidationError(str(exc)) from exc
        if not (cleaned.get("text") or "").strip():
            raise ValidationError(_("本文を貼り付けるか、ファイルを選んでください。"))
        return cleaned


class FindingDecisionForm(forms.Form):
    """Accept the alias, change it, or keep the original with a reason."""

    action = forms.ChoiceField(choices=[("accept", "accept"), ("edit", "edit"), ("keep", "keep")])
    alias = forms.CharField(label=_("別名"), max_length=200, required=False)
    reason = forms.CharField(label=_("残す理由"), max_length=500, required=False)


class TermForm(forms.Form):
    """A term the detector missed."""

    surface = forms.CharField(label=_("見落とされた語"), max_length=200)
    kind = forms.ChoiceField(label=_("種類"), choices=[(k, KIND_LABELS.get(k, k)) for k in KINDS])


class TermSpreadForm(forms.Form):
    """Which of the offered other cases get the term too."""

    pages = forms.TypedMultipleChoiceField(
        label=_("置き換える事例"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("置き換える事例を選んでください。"),
            "invalid_choice": _(
                "選んだ事例は置き換えの対象ではありません。画面を開き直してください。"
            ),
        },
    )

    def __init__(self, *args, offers: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pages"].choices = [(o["page_id"], o["title"]) for o in offers]
