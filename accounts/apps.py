"""App config for people, prefectures and their roles."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People, prefectures, organisations and memberships."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("利用者と都道府県")

    def ready(self) -> None:
        from accounts import demo
        from base import demo_registry

        demo_registry.register("accounts", demo.seed, order=20)
        from accounts import signals  # noqa: F401
        from accounts.invitations import pending_invitations_for
        from accounts.models import Role
        from base import dashboard, navigation

        navigation.register(_("マイページ"), "accounts:mypage", {navigation.SIGNED_IN}, order=10)
        navigation.register(
            _("受講者・所属機関"), "accounts:prefecture_index", {Role.PREFECTURE_ADMIN}, order=80
        )

        def my_invitations(request) -> dict | None:
            pending = list(pending_invitations_for(request.user))
            return {"invitations": pending} if pending else None

        # Before the courses: an invitation waits on the person's answer.
        dashboard.register("accounts/mypage_invitations.html", my_invitations, order=5)
