"""Statement blocks of a 自己評価: each statement is rated 1–5 before and after the training."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

#: Long enough for one can-do statement; a paragraph belongs in the page's intro.
STATEMENT_MAX_LENGTH = 200


class RatingStatementBlock(blocks.StructBlock):
    """One can-do statement (例: 支援調整会議の役割を説明できる); its block id keys the answers."""

    text = blocks.CharBlock(
        label=_("項目"),
        max_length=STATEMENT_MAX_LENGTH,
        help_text=_("「〜できる」の形で書きます。例: 支援調整会議の役割を説明できる"),
    )

    class Meta:
        icon = "list-ul"
        template = "assessments/rating_statement_block.html"
        label = _("自己評価の項目")
        description = _("受講者が研修の前と後に1〜5で評価する項目")
        preview_value = {"text": "支援調整会議の役割を説明できる"}


class RatingStatementsBlock(blocks.StreamBlock):
    """The statements of one self-rating page, in the order trainees see them."""

    statement = RatingStatementBlock()

    class Meta:
        icon = "list-ul"
        template = "assessments/rating_statements_block.html"
        label = _("自己評価の項目")
        description = _("自己評価で尋ねる項目の一覧")
        preview_value = [("statement", {"text": "支援調整会議の役割を説明できる"})]
