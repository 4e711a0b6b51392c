"""Sign-in backends that load, with the person, whether they hold CMS page permissions.

Every page asks that question for the navigation (accounts.permissions.is_content_editor);
answering it inside the query that loads the signed-in user saves a query per page.
"""

from functools import cache

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef


@cache
def _users_with_editor_flag():
    """People annotated with the CMS-editor flag; built once, only ever filtered (cloned).

    Resolving the annotation's subquery was half of the query's CPU on every page.
    """
    from wagtail.models import GroupPagePermission

    return get_user_model()._default_manager.annotate(
        _is_content_editor=Exists(GroupPagePermission.objects.filter(group__user=OuterRef("pk")))
    )


def _user_with_editor_flag(backend, user_id):
    user = _users_with_editor_flag().filter(pk=user_id).first()
    return user if user is not None and backend.user_can_authenticate(user) else None


class PasswordBackend(ModelBackend):
    """Django's own sign-in (the CMS login form, force_login), with the CMS-editor flag."""

    def get_user(self, user_id):
        return _user_with_editor_flag(self, user_id)

    async def aget_user(self, user_id):
        from asgiref.sync import sync_to_async

        return await sync_to_async(self.get_user)(user_id)


class AccountBackend(AuthenticationBackend):
    """allauth's e-mail sign-in, whose session user arrives with the CMS-editor flag."""

    def get_user(self, user_id):
        return _user_with_editor_flag(self, user_id)

    async def aget_user(self, user_id):
        from asgiref.sync import sync_to_async

        return await sync_to_async(self.get_user)(user_id)
