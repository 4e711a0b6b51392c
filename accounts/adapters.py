"""allauth hooks: whether open sign-up is allowed."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Prefectures invite trainees, so sign-up is closed unless OPEN_SIGNUP turns it on."""

    def is_open_for_signup(self, request) -> bool:
        return settings.OPEN_SIGNUP
