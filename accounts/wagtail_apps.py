"""App config that swaps Wagtail's user screens for ours (kept apart: app configs load before models)."""

from wagtail.users.apps import WagtailUsersAppConfig


class TsunaguUsersAppConfig(WagtailUsersAppConfig):
    """Replaces wagtail.users in INSTALLED_APPS so the CMS uses our user viewset."""

    user_viewset = "accounts.wagtail_users.UserViewSet"
