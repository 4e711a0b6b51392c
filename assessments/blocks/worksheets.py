"""Blocks of the plan worksheet: the rubric a facilitator scores a submitted plan with."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

#: A criterion is worth at least 1 point and at most this many.
RUBRIC_MAX_POINTS = 20


class RubricCriterionBlock(blocks.StructBlock):
    """One criterion of the rubric: what is looked at, and how many points it is worth."""

    label = blocks.CharBlock(label=_("観点"), max_length=100)
    description = blocks.TextBlock(label=_("説明"), required=False, max_length=500)
    max_points = blocks.IntegerBlock(
        label=_("配点"), min_value=1, max_value=RUBRIC_MAX_POINTS, default=5
    )

    class Meta:
        icon = "tasks"
        template = "assessments/worksheet_rubric_criterion.html"
        label = _("評価の観点")
        description = _("プランを確認するときに採点する観点と配点")
        preview_value = {
            "label": "本人の意向が目標に反映されている",
            "description": "長期目標・達成目標が本人の言葉で書かれているか",
            "max_points": 5,
        }


class RubricBlock(blocks.StreamBlock):
    """The rubric: a short list of criteria, each scored separately."""

    criterion = RubricCriterionBlock()

    class Meta:
        icon = "list-ol"
        template = "assessments/worksheet_rubric.html"
        label = _("評価の観点")
        description = _("プランを採点する観点の一覧")
        max_num = 10
        preview_value = [
            ("criterion", {"label": "課題と背景要因の整理", "description": "", "max_points": 5}),
        ]
