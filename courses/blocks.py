"""StreamField blocks for lesson bodies."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from base.blocks import BaseStreamBlock
from courses.charts import bar_chart
from courses.support_process import SUPPORT_STEPS, circled

VIDEO_EXTENSIONS = {"mp4", "webm"}


class ImageFigureBlock(blocks.StructBlock):
    """An image with the alt text screen readers need and an optional caption."""

    image = ImageChooserBlock(label=_("画像"))
    alt = blocks.CharBlock(
        label=_("代替テキスト"),
        max_length=250,
        required=False,
        help_text=_("画像が見えない人に伝える内容。必須です。"),
    )
    caption = blocks.CharBlock(label=_("キャプション"), required=False, max_length=250)

    def clean(self, value):
        errors = {}
        try:
            cleaned = super().clean(value)
        except StructBlockValidationError as exc:
            errors, cleaned = dict(exc.block_errors), value
        if not (value.get("alt") or "").strip():
            errors["alt"] = ValidationError(_("画像には代替テキストが必要です。"))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return cleaned

    class Meta:
        icon = "image"
        template = "blocks/image_figure_block.html"
        label = _("画像")
        description = _("代替テキストとキャプションつきの画像")
        preview_value = {"alt": "相談支援プロセスの図", "caption": "図1 支援の流れ"}


class DocumentDownloadBlock(blocks.StructBlock):
    """A handout or form for trainees to download."""

    document = DocumentChooserBlock(label=_("文書"))
    title = blocks.CharBlock(label=_("表示名"), required=False, max_length=200)
    description = blocks.CharBlock(label=_("説明"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_download_block.html"
        label = _("資料ダウンロード")
        description = _("配布資料や様式のダウンロード")
        preview_value = {"title": "プラン兼事業等利用申込書（様式）", "description": "PDF"}


class VideoBlock(blocks.StructBlock):
    """An uploaded video with an HTML5 player and a captions track, which is required."""

    title = blocks.CharBlock(label=_("動画のタイトル"), max_length=200)
    video = DocumentChooserBlock(label=_("動画ファイル（MP4・WebM）"))
    captions = DocumentChooserBlock(
        label=_("字幕ファイル（WebVTT）"),
        required=False,
        help_text=_("聞こえない人のために必須です。"),
    )
    captions_language = blocks.ChoiceBlock(
        label=_("字幕の言語"), choices=[("ja", "日本語"), ("en", "English")], default="ja"
    )
    poster = ImageChooserBlock(label=_("サムネイル画像"), required=False)

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        video = value.get("video")
        if video is not None and video.file_extension.lower() not in VIDEO_EXTENSIONS:
            errors["video"] = ValidationError(_("動画は MP4 か WebM のファイルを選んでください。"))
        captions = value.get("captions")
        if captions is None:
            errors["captions"] = ValidationError(
                _("動画には字幕（WebVTT）が必要です。字幕ファイルを指定してから公開してください。")
            )
        elif captions.file_extension.lower() != "vtt":
            errors["captions"] = ValidationError(
                _("字幕は WebVTT（.vtt）のファイルを選んでください。")
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = _("動画")
        description = _("字幕つきの動画（アップロードしたファイル）")
        preview_value = {"title": "支援調整会議の進め方", "captions_language": "ja"}


class FlowStepBlock(blocks.StructBlock):
    """One numbered step of the support process."""

    number = blocks.IntegerBlock(label=_("番号"), min_value=1, max_value=13)
    label = blocks.CharBlock(label=_("名称"), max_length=60)
    description = blocks.TextBlock(label=_("説明"), required=False)


class SupportFlowBlock(blocks.StructBlock):
    """The 相談支援プロセス as an ordered diagram, steps numbered ① to ⑬."""

    title = blocks.CharBlock(label=_("図のタイトル"), max_length=120)
    steps = blocks.ListBlock(FlowStepBlock(), label=_("ステップ"), min_num=1)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["steps"] = [
            {"number": step["number"], "mark": circled(step["number"]), **step}
            for step in value["steps"]
        ]
        return context

    class Meta:
        icon = "list-ol"
        template = "blocks/support_flow_block.html"
        label = _("支援プロセスの流れ")
        description = _("①〜⑬の番号つきで支援の流れを示す図")
        preview_value = {
            "title": "相談支援プロセスの流れ",
            "steps": [
                {"number": n, "label": name, "description": ""} for n, name in SUPPORT_STEPS.items()
            ],
        }


class TableBlock(WagtailTableBlock):
    """A table with a caption and header row."""

    class Meta:
        icon = "table"
        template = "blocks/table_block.html"
        label = _("表")
        description = _("見出し行つきの表")
        preview_value = {
            "data": [["項目", "記入のポイント"], ["解決したい課題", "本人の言葉で書く"]],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "プランの項目",
        }


class FigureRowBlock(blocks.StructBlock):
    """One bar of a data figure."""

    label = blocks.CharBlock(label=_("項目"), max_length=80)
    value = blocks.DecimalBlock(label=_("値"), decimal_places=1, min_value=Decimal("0"))


class DataFigureBlock(blocks.StructBlock):
    """A bar chart drawn on the server from entered numbers, with the same numbers as a table."""

    title = blocks.CharBlock(label=_("図のタイトル"), max_length=200)
    unit = blocks.CharBlock(label=_("単位"), max_length=10, default="%")
    note = blocks.CharBlock(label=_("注記（出典・N など）"), required=False, max_length=300)
    rows = blocks.ListBlock(FigureRowBlock(), label=_("データ"), min_num=1)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["chart"] = bar_chart(
            [(row["label"], row["value"]) for row in value["rows"]], unit=value["unit"]
        )
        return context

    class Meta:
        icon = "table"
        template = "blocks/data_figure_block.html"
        label = _("データの図")
        description = _("入力した数値から棒グラフと表を作ります")
        preview_value = {
            "title": "支援調整会議を月1回程度開催している割合",
            "unit": "%",
            "note": "N=119",
            "rows": [
                {"label": "定期開催", "value": "64.7"},
                {"label": "随時開催", "value": "54.1"},
            ],
        }


class CaseStudyLinkBlock(blocks.StructBlock):
    """A pointer from a lesson to a case study that illustrates it."""

    page = blocks.PageChooserBlock(label=_("事例"))
    note = blocks.CharBlock(label=_("読むときの視点"), required=False, max_length=300)

    class Meta:
        icon = "link"
        template = "blocks/case_study_link_block.html"
        label = _("事例へのリンク")
        description = _("この講義に関連する事例")
        preview_value = {"note": "支援調整会議の場面に注目して読みましょう。"}


class ReflectionQuestionsBlock(blocks.StructBlock):
    """振り返りの問い: questions trainees answer against their own practice."""

    title = blocks.CharBlock(label=_("見出し"), max_length=100, default="振り返りの問い")
    items = blocks.ListBlock(blocks.CharBlock(label=_("問い"), max_length=300), label=_("問い"))

    class Meta:
        icon = "help"
        template = "blocks/reflection_questions_block.html"
        label = _("振り返りの問い")
        description = _("自分の実践に引きつけて考える問い")
        preview_value = {
            "title": "振り返りの問い",
            "items": ["あなたの機関では支援調整会議をどう開いていますか。"],
        }


class LessonStreamBlock(BaseStreamBlock):
    """Everything a lesson body may contain."""

    image = ImageFigureBlock()
    document = DocumentDownloadBlock()
    video = VideoBlock()
    flow = SupportFlowBlock()
    table = TableBlock()
    figure = DataFigureBlock()
    case_study = CaseStudyLinkBlock()
    questions = ReflectionQuestionsBlock()
