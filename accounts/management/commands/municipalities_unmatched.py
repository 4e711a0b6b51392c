"""List the organisations whose 市区町村 text matched no municipality, so they can be fixed."""

from django.core.management.base import BaseCommand

from accounts.selectors import organisations_without_municipality


class Command(BaseCommand):
    """Prints one tab-separated line per organisation: prefecture, text kept, name, id."""

    help = "市区町村の一覧に一致しなかった所属機関を表示します。"

    def handle(self, *args, **options):
        organisations = organisations_without_municipality()
        for organisation in organisations:
            self.stdout.write(
                "\t".join(
                    [
                        organisation.prefecture.name,
                        organisation.municipality_text,
                        organisation.name,
                        str(organisation.pk),
                    ]
                )
            )
        self.stderr.write(f"{organisations.count()}件")
