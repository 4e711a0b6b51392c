"""Create a draft case study from a plain-text report, findings computed, ready for review."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from casestudies import services
from casestudies.models import CaseStudyIndexPage


class Command(BaseCommand):
    help = "テキストの報告から事例の下書きを作り、匿名化の指摘を計算します。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--title", default=None, help="タイトル（省略時はファイル名）")

    def handle(self, *args, file: str, title: str | None = None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("ファイルが見つかりません: %(file)s") % {"file": file})
        if path.stat().st_size > services.MAX_REPORT_BYTES:
            raise CommandError(_("ファイルが大きすぎます（上限 1MB）。分けて取り込んでください。"))
        index = CaseStudyIndexPage.objects.first()
        if index is None:
            raise CommandError(
                "事例一覧ページがありません。先に seed_demo を実行するか、CMS で作成してください。"
            )
        try:
            text = services.report_decode(path.read_bytes(), path.name)
            page = services.case_import(
                index=index, title=title or path.stem, text=text, user=None, filename=path.name
            )
        except services.CaseStudyError as exc:
            raise CommandError(str(exc)) from exc
        count = page.source.findings.count()
        self.stdout.write(
            f"下書きを作成しました: ページ ID {page.pk}、指摘 {count} 件。CMS の「事例の匿名化」で確認してください。"
        )
