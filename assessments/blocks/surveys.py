"""Question blocks of a 研修評価アンケート: ratings on a 1–5 scale, and free text."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

#: A question is one sentence; the page's intro says anything longer.
QUESTION_MAX_LENGTH = 300
SCALE_LABEL_MAX_LENGTH = 30


class SurveyRatingQuestionBlock(blocks.StructBlock):
    """A question answered on the 1–5 scale, with words for both ends of it."""

    text = blocks.CharBlock(label=_("質問"), max_length=QUESTION_MAX_LENGTH)
    low_label = blocks.CharBlock(
        label=_("1の意味"), max_length=SCALE_LABEL_MAX_LENGTH, default="そう思わない"
    )
    high_label = blocks.CharBlock(
        label=_("5の意味"), max_length=SCALE_LABEL_MAX_LENGTH, default="そう思う"
    )
    required = blocks.BooleanBlock(label=_("回答必須"), required=False, default=True)

    class Meta:
        icon = "pick"
        template = "assessments/survey_question_block.html"
        label = _("5段階の質問")
        description = _("1〜5の5段階で答える質問")
        preview_value = {
            "text": "研修の内容は実務に役立つと思いますか。",
            "low_label": "そう思わない",
            "high_label": "そう思う",
            "required": True,
        }


class SurveyTextQuestionBlock(blocks.StructBlock):
    """A question answered in the trainee's own words."""

    text = blocks.CharBlock(label=_("質問"), max_length=QUESTION_MAX_LENGTH)
    required = blocks.BooleanBlock(label=_("回答必須"), required=False, default=False)

    class Meta:
        icon = "edit"
        template = "assessments/survey_question_block.html"
        label = _("自由記述の質問")
        description = _("自由に書いて答える質問")
        preview_value = {"text": "次回の研修に向けたご意見をお書きください。", "required": False}


class SurveyQuestionsBlock(blocks.StreamBlock):
    """The questions of one survey page, in the order trainees see them."""

    rating = SurveyRatingQuestionBlock()
    text = SurveyTextQuestionBlock()

    class Meta:
        icon = "form"
        template = "assessments/survey_questions_block.html"
        label = _("アンケートの質問")
        description = _("5段階の質問と自由記述の質問")
        preview_value = [
            ("rating", SurveyRatingQuestionBlock().meta.preview_value),
            ("text", SurveyTextQuestionBlock().meta.preview_value),
        ]
