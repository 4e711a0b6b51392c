"""The record as files: Markdown, attendance CSV for Excel, and the PDF's HTML."""

import csv
import io
import re
from zoneinfo import ZoneInfo

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header

from workshops.pdf import render_pdf
from workshops.record import WorkshopRecord

TOKYO = ZoneInfo("Asia/Tokyo")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown_escape(text: str) -> str:
    """Backslash-escape Markdown's punctuation so a post stays plain text in the file.

    Written by hand: the Markdown libraries render Markdown, none escapes text into it.
    Line breaks are kept as hard breaks so a multi-line post stays one list item.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return "  \n    ".join(escaped.splitlines())


def _local(moment) -> str:
    return timezone.localtime(moment, TOKYO).strftime("%Y-%m-%d %H:%M") if moment else ""


def record_markdown(record: WorkshopRecord) -> str:
    """The record as a Markdown document: groups, phases, posts, highlights, attendance."""
    workshop = record.workshop
    lines = [
        f"# {markdown_escape(workshop.title)}",
        "",
        f"- 研修の回: {markdown_escape(workshop.cohort.title)}",
        f"- 日時: {_local(workshop.starts_at)}",
        f"- 方法: {workshop.get_method_display()}",
        "",
    ]
    if record.without_group:
        lines += ["グループに入っていなかったため、全体共有だけを載せています。", ""]
    for group in record.groups:
        lines += [
            f"## {group.name}",
            "",
            "メンバー: " + "、".join(map(markdown_escape, group.members)),
            "",
        ]
        for block in group.phases:
            lines += [f"### {markdown_escape(block.name)}", ""]
            for post in block.posts:
                lines.append(
                    f"- \\#{post.seq} 【{post.get_kind_display()}】{markdown_escape(post.text)}"
                    f"（{markdown_escape(post.author.get_full_name())}、{_local(post.created_at)}）"
                )
            lines.append("")
    lines += ["## 全体共有", ""]
    for post in record.highlights or []:
        lines.append(
            f"- {post.group.name}: 【{post.get_kind_display()}】{markdown_escape(post.text)}"
        )
    if not record.highlights:
        lines.append("（なし）")
    if not record.full:
        # A trainee's copy: their own group and the highlights, never the others' attendance.
        return "\n".join(lines) + "\n"
    lines += ["", "## 出席", ""]
    for row in record.attendance:
        where = f"{markdown_escape(row.name)}（{markdown_escape(row.group or 'グループなし')}）"
        if row.absent:
            lines.append(f"- {where} 欠席")
            continue
        lines.append(
            f"- {where} {_local(row.first_join)}〜{_local(row.last_leave) or '接続中'}、"
            f"{row.minutes}分"
        )
    if not record.attendance:
        lines.append("（なし）")
    return "\n".join(lines) + "\n"


def _cell(value) -> str:
    """Text for one CSV cell; a leading = + - @ would run as a formula in Excel, so quote it."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


ATTENDANCE_HEADER = [
    "氏名", "ふりがな", "所属機関", "市区町村", "グループ", "出欠", "最初の入室", "最後の退室",
    "接続時間（分）",
]  # fmt: skip


def attendance_csv(record: WorkshopRecord) -> str:
    """Attendance as CSV text starting with a BOM, so Excel reads it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(ATTENDANCE_HEADER)
    for row in record.attendance:
        writer.writerow(
            [
                _cell(row.name),
                _cell(row.furigana),
                _cell(row.organisation),
                _cell(row.municipality),
                _cell(row.group),
                "欠席" if row.absent else "出席",
                _local(row.first_join),
                _local(row.last_leave),
                row.minutes,
            ]
        )
    return out.getvalue()


def record_pdf(record: WorkshopRecord) -> bytes:
    """The record page as an A4 PDF in a Japanese font."""
    html = render_to_string(
        "workshops/record_pdf.html", {"record": record, "printed_at": timezone.now()}
    )
    return render_pdf(html)


def attachment(content, *, filename: str, content_type: str) -> HttpResponse:
    """A download response; Django writes the Japanese file name in RFC 5987 form."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
