"""Forms of the roster import: the file, and the signed rows the confirm step carries."""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from planning.roster import (
    ROSTER_MAX_BYTES,
    ROSTER_MAX_ROWS,
    RosterFile,
    RosterFileError,
    read_roster,
)

#: the preview's rows are signed for this purpose only, and go stale after an hour
ROSTER_SALT = "planning.roster.confirm"
ROSTER_PREVIEW_MAX_AGE = 60 * 60


class RosterUploadForm(forms.Form):
    """The roster file to preview."""

    file = forms.FileField(
        label=_("名簿ファイル（CSVまたはXLSX）"),
        help_text=_(
            "見出しは「氏名」「ふりがな」「メールアドレス」「市区町村」「所属機関」。"
            "CSVはUTF-8かShift_JIS（CP932）。%(mb)s MB・%(rows)s行まで。"
        )
        % {"mb": ROSTER_MAX_BYTES // 1024 // 1024, "rows": ROSTER_MAX_ROWS},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> RosterFile:
        upload = self.cleaned_data["file"]
        # Refused before reading, so a 10 MB file is never held in memory.
        if upload.size > ROSTER_MAX_BYTES:
            raise forms.ValidationError(
                _("ファイルが大きすぎます（%(size)s MB）。%(max)s MBまでにしてください。")
                % {
                    "size": f"{upload.size / 1024 / 1024:.1f}",
                    "max": ROSTER_MAX_BYTES // 1024 // 1024,
                }
            )
        try:
            return read_roster(upload.read(), upload.name or "")
        except RosterFileError as error:
            raise forms.ValidationError(error.message, code=error.code) from error


def roster_sign(*, day_id: int, roster: RosterFile) -> str:
    """The previewed rows, signed, so the confirm step needs neither the file again nor storage."""
    return signing.dumps(
        {"day": day_id, "encoding": roster.encoding, "rows": roster.rows},
        salt=ROSTER_SALT,
        compress=True,
    )


class RosterConfirmForm(forms.Form):
    """The confirm step: the signed rows of the preview, checked to be this day's and unchanged."""

    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, day_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.day_id = day_id

    def clean_payload(self) -> RosterFile:
        try:
            data = signing.loads(
                self.cleaned_data["payload"], salt=ROSTER_SALT, max_age=ROSTER_PREVIEW_MAX_AGE
            )
        except signing.BadSignature as error:
            raise forms.ValidationError(
                _("確認の期限が切れたか、内容が変わっています。もう一度ファイルを選んでください。")
            ) from error
        if data.get("day") != self.day_id:
            raise forms.ValidationError(
                _("別の研修日の名簿です。もう一度ファイルを選んでください。")
            )
        return RosterFile(encoding=data["encoding"], rows=data["rows"])
