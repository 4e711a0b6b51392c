"""Split a plain-text report into the case study's sections by its headings."""

import re

from casestudies.models import SECTIONS

# Heading words editors commonly use for each section, longest first so that
# 取組み前 is not taken for 取組み.
_HEADINGS = [
    ("before", ["取組み前の状況", "取組前の状況", "取り組み前", "取組み前", "研修前"]),
    ("background", ["背景・地域の特徴", "地域の特徴", "背景"]),
    ("summary", ["概要", "はじめに"]),
    ("actions", ["取組み", "取組", "取り組み", "実践"]),
    ("changes", ["変化・効果", "変化", "効果", "成果"]),
    ("challenges", ["課題と今後", "今後の課題", "課題"]),
    ("questions", ["考察のための問い", "問い"]),
]
_HEADING_LINE = re.compile(r"^\s*[【\[■●◆#＃0-9０-９.．、)）(（]*\s*(.+?)\s*[】\]]?\s*$")


def _section_of(line: str) -> str | None:
    match = _HEADING_LINE.match(line)
    if not match or len(line.strip()) > 24:
        return None
    text = match.group(1)
    for name, words in _HEADINGS:
        if any(text.startswith(word) for word in words):
            return name
    return None


def split_sections(text: str) -> dict[str, str]:
    """Section name -> text; a report without recognised headings goes wholly into 概要."""
    names = [name for name, _heading in SECTIONS]
    parts: dict[str, list[str]] = {name: [] for name in names}
    current = "summary"
    for line in text.splitlines():
        section = _section_of(line)
        if section is not None:
            current = section
            continue
        parts[current].append(line)
    return {
        name: "\n".join(lines).strip() for name, lines in parts.items() if "".join(lines).strip()
    }
