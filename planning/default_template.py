"""The built-in ひな形 every plan starts from unless the prefecture saved its own: Oita's year."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from planning.models import EntryKind


@dataclass(frozen=True)
class TemplateLine:
    """One line of a ひな形: kind, title, months after the January that opens the plan, day."""

    kind: str
    title: str
    month_offset: int
    day: int


DEFAULT_TEMPLATE_NAME = _("大分県の年間計画（標準）")

#: January team formed; Feb–Mar two meetings for 前期共通; April 前期; May–Sep three meetings
#: for 後期; October 後期 trainings; November 振り返り.
DEFAULT_TEMPLATE: tuple[TemplateLine, ...] = (
    TemplateLine(EntryKind.MILESTONE, _("研修委員会の結成"), 0, 15),
    TemplateLine(EntryKind.MEETING, _("第1回検討会議（前期共通）"), 1, 10),
    TemplateLine(EntryKind.MEETING, _("第2回検討会議（前期共通）"), 2, 10),
    TemplateLine(EntryKind.MILESTONE, _("前期の受講者名簿の締切"), 2, 20),
    TemplateLine(EntryKind.TRAINING, _("前期共通研修"), 3, 20),
    TemplateLine(EntryKind.MEETING, _("第3回検討会議（後期）"), 4, 20),
    TemplateLine(EntryKind.MEETING, _("第4回検討会議（後期）"), 6, 15),
    TemplateLine(EntryKind.MEETING, _("第5回検討会議（後期）"), 8, 10),
    TemplateLine(EntryKind.TRAINING, _("後期研修（1日目）"), 9, 15),
    TemplateLine(EntryKind.TRAINING, _("後期研修（2日目）"), 9, 22),
    TemplateLine(EntryKind.MILESTONE, _("振り返りの会"), 10, 20),
)
