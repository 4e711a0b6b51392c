"""Print the anonymised text of a report, or anonymise a JSONL file line by line."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from casestudies.anonymiser import cli


class Command(BaseCommand):
    help = "テキストファイル（UTF-8 または CP932）を匿名化して出力します。--jsonl で1行1件の JSON を処理します。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--jsonl", action="store_true", help='1行ごとに {"text": ...} を読む')

    def handle(self, *args, file: str, jsonl: bool = False, **options):
        argv = ["--jsonl", file] if jsonl else [file]
        argv += ["--ner", settings.ANONYMISER_NER]
        errors = _Collect()
        # On a real terminal or pipe the CLI wraps stdout as UTF-8 itself; tests pass a buffer.
        out = None if self.stdout._out is sys.stdout else self.stdout._out
        code = cli.main(argv, stdout=out, stderr=errors)
        if code:
            raise CommandError(errors.text.strip() or "匿名化できませんでした。", returncode=code)


class _Collect:
    """A text stream that keeps what the CLI wrote to stderr, for the error message."""

    def __init__(self):
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        return None
