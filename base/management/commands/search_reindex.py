"""Rebuild the search documents of every live page, e.g. after restoring a database."""

from django.core.management.base import BaseCommand

from base.search import search_documents_rebuild


class Command(BaseCommand):
    help = "公開中のすべてのページの検索用テキストを作り直します。"

    def handle(self, *args, **options):
        count = search_documents_rebuild()
        self.stdout.write(f"{count} ページを索引に登録しました。")
