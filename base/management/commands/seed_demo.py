"""Create the demo content and accounts; safe to run again, refused in production."""

import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from base import demo_registry

DEFAULT_PASSWORD = "tsunagu-demo-2026"


class Command(BaseCommand):
    help = "デモ用のコンテンツとアカウントを作成します（何度実行しても結果は同じです）。"

    def add_arguments(self, parser):
        parser.add_argument("--password", default=None, help="デモアカウントのパスワード")

    def handle(self, *args, password=None, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "本番モード (DJANGO_ENV=production) では seed_demo は実行できません。"
            )
        password = password or DEFAULT_PASSWORD
        logins = []
        with transaction.atomic():
            for seeder in demo_registry.seeders():
                logins += seeder.seed(password=password) or []
        self._print_logins(logins, password)

    def _print_logins(self, logins, password: str) -> None:
        rows = [("メールアドレス", "都道府県", "役割"), *logins]
        widths = [max(_width(row[i]) for row in rows) for i in range(2)]
        for number, row in enumerate(rows):
            cells = [_pad(row[0], widths[0]), _pad(row[1], widths[1]), row[2]]
            self.stdout.write("  ".join(cells))
            if number == 0:
                self.stdout.write("-" * (sum(widths) + 4 + _width(row[2]) + 8))
        self.stdout.write(f"\nパスワード: {password}")


def _width(text: str) -> int:
    """Columns a string takes in a terminal: full-width Japanese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
