"""App config for people, prefectures and their roles."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People, prefectures, organisations and memberships."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("利用者と都道府県")

    def ready(self) -> None:
        from accounts import signals  # noqa: F401
        from accounts.models import Role
        from base import navigation

        navigation.register(_("マイページ"), "accounts:mypage", {navigation.SIGNED_IN}, order=10)
        navigation.register(
            _("受講者・所属機関"), "accounts:prefecture_index", {Role.PREFECTURE_ADMIN}, order=80
        )
