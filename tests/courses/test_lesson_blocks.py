"""Lesson blocks: what editors are told before publishing, and how blocks render."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import Document

from courses.blocks import DataFigureBlock, ImageFigureBlock, SupportFlowBlock, VideoBlock
from courses.charts import bar_chart


def _document(db, name: str) -> Document:
    document = Document(title=name)
    document.file.save(name, ContentFile(b"WEBVTT\n\n" if name.endswith(".vtt") else b"\x00" * 16))
    document.save()
    return document


def test_a_video_without_captions_is_refused_with_a_japanese_message(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    block = VideoBlock()
    value = block.to_python(
        {"title": "動画", "video": _document(db, "talk.mp4").pk, "captions": None}
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "字幕（WebVTT）が必要です" in str(error.value.block_errors["captions"])


def test_a_video_with_captions_passes_and_renders_a_track(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    block = VideoBlock()
    value = block.to_python(
        {
            "title": "支援調整会議",
            "video": _document(db, "talk.mp4").pk,
            "captions": _document(db, "talk.vtt").pk,
            "captions_language": "ja",
        }
    )
    html = block.render(block.clean(value))
    assert "<video controls" in html
    assert '<track kind="captions"' in html and 'srclang="ja"' in html


def test_wrong_video_or_captions_file_types_are_refused(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    block = VideoBlock()
    value = block.to_python(
        {
            "title": "x",
            "video": _document(db, "notes.pdf").pk,
            "captions": _document(db, "subs.srt").pk,
        }
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert set(error.value.block_errors) == {"video", "captions"}


def test_an_image_without_alt_text_is_refused():
    block = ImageFigureBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": None, "alt": "", "caption": ""}))
    assert "代替テキストが必要です" in str(error.value.block_errors["alt"])


def test_support_flow_renders_an_ordered_list_with_circled_numbers():
    block = SupportFlowBlock()
    value = block.to_python(
        {
            "title": "相談支援プロセスの流れ",
            "steps": [
                {"number": 5, "label": "アセスメント", "description": "課題を捉える"},
                {"number": 13, "label": "終結", "description": ""},
            ],
        }
    )
    html = block.render(value)
    assert "<ol" in html and 'value="5"' in html and 'value="13"' in html
    assert "⑤" in html and "⑬" in html and "ステップ5:" in html


def test_data_figure_draws_bars_and_the_same_numbers_as_a_table():
    block = DataFigureBlock()
    value = block.to_python(
        {
            "title": "月1回程度開催している割合",
            "unit": "%",
            "note": "N=119",
            "rows": [
                {"label": "定期開催", "value": "64.7"},
                {"label": "随時開催", "value": "54.1"},
            ],
        }
    )
    html = block.render(value)
    assert '<svg class="data-figure__chart"' in html and 'aria-hidden="true"' in html
    assert html.count("<rect") == 2
    assert '<th scope="row">定期開催</th><td>64.7%</td>' in html
    assert "N=119" in html


def test_bar_widths_scale_percentages_to_100():
    chart = bar_chart([("a", Decimal("50")), ("b", Decimal("100"))], unit="%")
    assert chart.bars[0].width == pytest.approx(chart.bars[1].width / 2)
    counts = bar_chart([("a", Decimal("3")), ("b", Decimal("6"))], unit="件")
    assert counts.bars[1].width == 360 and counts.bars[0].display == "3件"
