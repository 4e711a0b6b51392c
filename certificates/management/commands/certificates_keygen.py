"""manage.py certificates_keygen --prefecture 44: a self-signed signing pair for development."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Prefecture
from certificates import signing


class Command(BaseCommand):
    """Write <code>.key.pem and <code>.cert.pem into CERTIFICATE_SIGNING_DIR (never for production)."""

    help = "修了証に署名する自己署名の鍵と証明書を作ります（開発・デモ用）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--prefecture", required=True, help="都道府県コード（例: 44）またはスラッグ（例: oita）"
        )
        parser.add_argument(
            "--replace", action="store_true", help="すでにある鍵と証明書を作り直します。"
        )

    def handle(self, *args, prefecture: str, replace: bool, **options):
        found = (
            Prefecture.objects.filter(code=prefecture.zfill(2)).first()
            if prefecture.isdigit()
            else None
        )
        found = found or Prefecture.objects.filter(slug=prefecture).first()
        if found is None:
            raise CommandError(f"都道府県 {prefecture!r} が見つかりません。")
        key_path, cert_path = signing.key_paths(found.code)
        existed = key_path.exists() and cert_path.exists()
        signing.keypair_create(found, replace=replace)
        if existed and not replace:
            self.stdout.write(f"{found.name}: 既存の鍵を使います: {key_path}, {cert_path}")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{found.name}: 作成しました: {key_path}, {cert_path}")
            )
