"""Markdown from editors renders, and nothing in it can run."""

import pytest

from base.markdown import render_markdown


def test_markdown_renders_headings_lists_tables_and_links():
    html = render_markdown(
        "## 支援の流れ\n\n1. アセスメント\n2. プラン策定\n\n| 項目 | 値 |\n|---|---|\n| N | 119 |\n\n"
        "[手引き](https://example.jp/guide)"
    )
    assert "<h2>支援の流れ</h2>" in html
    assert "<ol>" in html and "<li>プラン策定</li>" in html
    assert "<table>" in html and "<td>119</td>" in html
    assert 'href="https://example.jp/guide"' in html
    assert 'rel="noopener noreferrer"' in html


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        ("<script>alert(1)</script>本文", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ("[押して](javascript:alert(1))", "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<p style="position:fixed">x</p>', "style="),
        ('<svg onload="alert(1)"></svg>', "onload"),
        ("[データ](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ],
)
def test_dangerous_markdown_renders_harmless(source, forbidden):
    html = render_markdown(source)
    assert forbidden not in html.lower()


def test_text_of_a_removed_script_never_executes_but_plain_text_survives():
    html = render_markdown("前置き <script>alert(1)</script> 後書き")
    assert "前置き" in html and "後書き" in html
    assert "<script" not in html
