"""Command line: anonymise a text file, or a JSON-lines file of {"text": ...} records.

    python -m casestudies.anonymiser.cli FILE
    python -m casestudies.anonymiser.cli --jsonl FILE

Exit status 0 on success, 2 when the input cannot be read (the message is in Japanese,
for the editors who run it).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import TextIO

from .anonymise import anonymise_text
from .ner import DETECTORS

EXIT_BAD_INPUT = 2
# Control characters other than tab, newline, carriage return and form feed do not occur
# in a report; finding them means the file is binary even if it happens to decode.
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


class InputError(Exception):
    """The input cannot be read as text; the message is for the editor."""


def decode_bytes(data: bytes, name: str) -> str:
    """Decode a report as UTF-8 (with or without BOM), else CP932; refuse binary data."""
    if b"\x00" in data:
        raise InputError(f"エラー: {name} はバイナリファイルのため読み込めません。")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # CP932 maps many byte pairs to private-use characters, so garbage can "decode";
        # real reports have almost none of them, nor control characters.
        odd = sum(1 for ch in text if ord(ch) in _CONTROL or 0xE000 <= ord(ch) <= 0xF8FF)
        if odd and odd * 100 > len(text):
            continue
        return text
    raise InputError(f"エラー: {name} は UTF-8 でも Shift_JIS（CP932）でもないため読み込めません。")


def read_text(path: str) -> str:
    """Read a file (or - for standard input) and decode it with decode_bytes."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except FileNotFoundError:
        raise InputError(f"エラー: ファイル {path} が見つかりません。") from None
    except IsADirectoryError:
        raise InputError(f"エラー: {path} はファイルではなくフォルダです。") from None
    except OSError as exc:
        raise InputError(f"エラー: ファイル {path} を読み込めません（{exc.strerror}）。") from None
    return decode_bytes(data, path)


def _jsonl_records(text: str, path: str):
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"エラー: {path} の {number} 行目が JSON ではありません（{exc.msg}）。"
            ) from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(f'エラー: {path} の {number} 行目に文字列の "text" がありません。')
        yield record["text"]


def run_jsonl(path: str, stdout: TextIO, ner: str = "rules") -> None:
    """Write one {"text", "findings"} JSON line per non-blank input line, in order."""
    records = list(_jsonl_records(read_text(path), path))
    for text in records:
        result = anonymise_text(text, ner=ner)
        stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, shared with the Django management command."""
    parser = argparse.ArgumentParser(
        prog="anonymise",
        description="事例テキストを匿名化します（人名・団体名・地名・連絡先など）。",
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("file", nargs="?", help="匿名化するテキストファイル（UTF-8 または CP932）")
    group.add_argument(
        "--jsonl", metavar="FILE", help='1 行 1 件の {"text": ...} を読み、結果を JSON 行で出力'
    )
    parser.add_argument(
        "--ner",
        choices=DETECTORS,
        default="rules",
        help="人名などを見つける検出器（rules: 規則のみ、ginza: GiNZA、ginza+rules: 両方）",
    )
    return parser


def main(
    argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command; returns the exit status instead of exiting."""
    stdout = stdout or _utf8(sys.stdout)
    stderr = stderr or _utf8(sys.stderr)
    args = build_parser().parse_args(argv)
    try:
        if args.jsonl:
            run_jsonl(args.jsonl, stdout, args.ner)
        else:
            stdout.write(anonymise_text(read_text(args.file), ner=args.ner).text)
    except InputError as exc:
        stderr.write(f"{exc}\n")
        return EXIT_BAD_INPUT
    stdout.flush()
    return 0


def _utf8(stream: TextIO) -> TextIO:
    """Write UTF-8 whatever the locale says, so Japanese output never fails to encode."""
    if getattr(stream, "encoding", "").lower().replace("-", "") == "utf8":
        return stream
    buffer = getattr(stream, "buffer", None)
    return io.TextIOWrapper(buffer, encoding="utf-8", line_buffering=True) if buffer else stream


if __name__ == "__main__":
    sys.exit(main())
