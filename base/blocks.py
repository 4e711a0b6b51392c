"""StreamField blocks every page type may use."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from base.markdown import render_markdown


class HeadingBlock(blocks.StructBlock):
    """A section heading at level 2 or 3, so pages keep a sound outline."""

    text = blocks.CharBlock(label=_("見出し"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("レベル"), choices=[("h2", _("大見出し")), ("h3", _("小見出し"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("見出し")
        description = _("ページの区切りとなる見出し")
        preview_value = {"text": "支援調整会議の目的", "level": "h2"}


class MarkdownBlock(blocks.TextBlock):
    """Text written in Markdown, rendered and sanitised on the server."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["html"] = render_markdown(value)
        return context

    class Meta:
        icon = "code"
        template = "blocks/markdown_block.html"
        label = _("Markdown")
        description = _("Markdown で書いた本文（スクリプト等は自動的に取り除かれます）")
        preview_value = "**ポイント**: 本人の同意を得てからプランを作成します。"


class CalloutBlock(blocks.StructBlock):
    """A boxed ポイント or 注意 that stands out from the body text."""

    kind = blocks.ChoiceBlock(
        label=_("種類"), choices=[("point", _("ポイント")), ("caution", _("注意"))], default="point"
    )
    text = blocks.RichTextBlock(label=_("本文"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        label = _("ポイント・注意")
        description = _("本文から目立たせる囲み記事")
        preview_value = {"kind": "point", "text": "<p>アセスメントは本人と一緒に行います。</p>"}


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source."""

    text = blocks.TextBlock(label=_("引用文"))
    source = blocks.CharBlock(label=_("出典"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("引用")
        description = _("出典つきの引用")
        preview_value = {
            "text": "参加者同士が意見交換をし、ネットワークを強化する。",
            "source": "伝達研修の手引き",
        }


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks shared by the home page and, extended, by lessons and case studies."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("本文"),
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        description=_("書式つきの本文"),
        preview_value="<p>つなぐは伝達研修のためのプラットフォームです。</p>",
    )
    markdown = MarkdownBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
