"""App config for certificates: 修了証 issued by each prefecture, signed and never re-rendered."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """修了証: issuer profiles, issued certificates, their PDFs, signatures and audit list."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "certificates"
    verbose_name = _("修了証")

    def ready(self) -> None:
        from base import dashboard, demo_registry, task_worker
        from certificates import demo, signing
        from certificates.selectors import mypage_certificates

        demo_registry.register("certificates", demo.seed, order=70)
        task_worker.register("certificates.signing", signing.preload)
        dashboard.register(
            "certificates/mypage_certificates.html",
            lambda request: mypage_certificates(request.user),
            order=18,
        )
