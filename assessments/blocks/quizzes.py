"""Question blocks of a 小テスト: each carries its points and feedback; answers stay on the server."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

#: The longest accepted short answer: a phrase, never a paragraph.
SHORT_ANSWER_MAX_LENGTH = 200
MAX_POINTS = 100


class QuestionPreviewMixin:
    """A question block previews as a trainee sees it: the prompt and the options, never the key."""

    def get_context(self, value, parent_context=None):
        from assessments.selectors.quizzes import question_from_block, question_view

        context = super().get_context(value, parent_context)
        question = question_from_block(self.kind, "preview", value)
        context["question"] = question_view(question, number=1, seed="preview")
        context["preview"] = True
        context["max_length"] = SHORT_ANSWER_MAX_LENGTH
        return context


class ChoiceOptionBlock(blocks.StructBlock):
    """One option of a choice question; whether it is right is known only to the server."""

    text = blocks.CharBlock(label=_("選択肢"), max_length=200)
    correct = blocks.BooleanBlock(label=_("正解"), required=False)


def _count_correct(value) -> int:
    return sum(1 for option in value.get("choices") or [] if option.get("correct"))


class SingleChoiceQuestionBlock(QuestionPreviewMixin, blocks.StructBlock):
    """択一: one right option among several."""

    kind = "single"
    prompt = blocks.TextBlock(label=_("問い"), max_length=500)
    choices = blocks.ListBlock(ChoiceOptionBlock(), label=_("選択肢"), min_num=2, max_num=8)
    points = blocks.IntegerBlock(label=_("配点"), min_value=1, max_value=MAX_POINTS, default=1)
    feedback = blocks.TextBlock(label=_("解説"), required=False, max_length=1000)

    def clean(self, value):
        cleaned = super().clean(value)
        if _count_correct(cleaned) != 1:
            raise StructBlockValidationError(
                block_errors={
                    "choices": ValidationError(_("正解の選択肢を1つだけ選んでください。"))
                }
            )
        return cleaned

    class Meta:
        icon = "radio-full"
        template = "blocks/quiz_question_block.html"
        label = _("択一問題")
        description = _("正解が1つの選択問題")
        preview_value = {
            "prompt": "プラン案を合議で判断する場はどれですか。",
            "choices": [
                {"text": "支援調整会議", "correct": True},
                {"text": "インテーク面接", "correct": False},
            ],
            "points": 1,
        }


class MultipleChoiceQuestionBlock(QuestionPreviewMixin, blocks.StructBlock):
    """複数選択: every right option must be chosen, and no wrong one."""

    kind = "multiple"
    prompt = blocks.TextBlock(label=_("問い"), max_length=500)
    choices = blocks.ListBlock(ChoiceOptionBlock(), label=_("選択肢"), min_num=2, max_num=8)
    points = blocks.IntegerBlock(label=_("配点"), min_value=1, max_value=MAX_POINTS, default=1)
    feedback = blocks.TextBlock(label=_("解説"), required=False, max_length=1000)

    def clean(self, value):
        cleaned = super().clean(value)
        if _count_correct(cleaned) < 1:
            raise StructBlockValidationError(
                block_errors={
                    "choices": ValidationError(_("正解の選択肢を1つ以上選んでください。"))
                }
            )
        return cleaned

    class Meta:
        icon = "tick-inverse"
        template = "blocks/quiz_question_block.html"
        label = _("複数選択問題")
        description = _("正解をすべて選ぶ問題")
        preview_value = {
            "prompt": "自立相談支援事業の役割を、すべて選んでください。",
            "choices": [
                {"text": "個人への相談支援", "correct": True},
                {"text": "地域づくり・地域連携", "correct": True},
                {"text": "生活保護の決定", "correct": False},
            ],
            "points": 1,
        }


class TrueFalseQuestionBlock(QuestionPreviewMixin, blocks.StructBlock):
    """○×問題: a statement that is right or wrong."""

    kind = "true_false"
    prompt = blocks.TextBlock(label=_("文"), max_length=500)
    answer = blocks.ChoiceBlock(
        label=_("正解"), choices=[("true", _("○（正しい）")), ("false", _("×（誤り）"))]
    )
    points = blocks.IntegerBlock(label=_("配点"), min_value=1, max_value=MAX_POINTS, default=1)
    feedback = blocks.TextBlock(label=_("解説"), required=False, max_length=1000)

    class Meta:
        icon = "help"
        template = "blocks/quiz_question_block.html"
        label = _("○×問題")
        description = _("正しいか誤りかを答える問題")
        preview_value = {
            "prompt": "支援調整会議には、原則として行政も参加する。",
            "answer": "true",
            "points": 1,
        }


class ShortAnswerQuestionBlock(QuestionPreviewMixin, blocks.StructBlock):
    """記述（短答）: a word or phrase, matched with kana, width and case folded as search does."""

    kind = "short"
    prompt = blocks.TextBlock(label=_("問い"), max_length=500)
    accepted = blocks.ListBlock(
        blocks.CharBlock(label=_("正解とする答え"), max_length=SHORT_ANSWER_MAX_LENGTH),
        label=_("正解とする答え"),
        min_num=1,
        help_text=_("ひらがな・カタカナ、全角・半角の違いは区別しません。"),
    )
    points = blocks.IntegerBlock(label=_("配点"), min_value=1, max_value=MAX_POINTS, default=1)
    feedback = blocks.TextBlock(label=_("解説"), required=False, max_length=1000)

    class Meta:
        icon = "edit"
        template = "blocks/quiz_question_block.html"
        label = _("短答問題")
        description = _("語句を書いて答える問題")
        preview_value = {
            "prompt": "生活困窮の状況を把握し、背景・要因を分析することを何といいますか。",
            "accepted": ["アセスメント"],
            "points": 1,
        }


class OrderingQuestionBlock(QuestionPreviewMixin, blocks.StructBlock):
    """並べ替え: items written in the right order and shown shuffled for each attempt."""

    kind = "ordering"
    prompt = blocks.TextBlock(label=_("問い"), max_length=500)
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("項目"), max_length=120),
        label=_("項目（正しい順に書きます）"),
        min_num=2,
        max_num=13,
    )
    points = blocks.IntegerBlock(label=_("配点"), min_value=1, max_value=MAX_POINTS, default=1)
    feedback = blocks.TextBlock(label=_("解説"), required=False, max_length=1000)

    class Meta:
        icon = "list-ol"
        template = "blocks/quiz_question_block.html"
        label = _("並べ替え問題")
        description = _("項目を正しい順に並べる問題（受験ごとに並びを変えて出します）")
        preview_value = {
            "prompt": "支援の流れを順に並べてください。",
            "items": ["アセスメント", "プラン策定", "支援調整会議"],
            "points": 1,
        }


class QuizQuestionsBlock(blocks.StreamBlock):
    """The questions of a quiz, in the order trainees answer them."""

    single = SingleChoiceQuestionBlock()
    multiple = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()
    short = ShortAnswerQuestionBlock()
    ordering = OrderingQuestionBlock()
