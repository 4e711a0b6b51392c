"""Enforce a second factor for prefecture administrators when the deployment asks for it."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import roles_of

# Paths an administrator without a second factor can still reach: signing in,
# setting the factor up, signing out, static assets and the language switch.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/media/")


class RequireAdminTwoFactorMiddleware:
    """Send a prefecture administrator without TOTP to set it up before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            messages.warning(
                request,
                _("都道府県担当者は二段階認証の設定が必要です。認証アプリを登録してください。"),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_set_up(request) -> bool:
        if not settings.MFA_REQUIRED_FOR_PREFECTURE_ADMINS:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path.startswith(_ALLOWED_PREFIXES):
            return False
        if Role.PREFECTURE_ADMIN not in roles_of(user):
            return False
        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
