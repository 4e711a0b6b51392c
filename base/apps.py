"""App config for the shared CMS pieces: home page, common blocks, layout helpers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    """Home page, common StreamField blocks, navigation and error pages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "base"
    verbose_name = _("サイト共通")

    def ready(self) -> None:
        from base import demo, demo_registry

        demo_registry.register("base", lambda password: demo.seed() and None, order=10)
        from base import converters, navigation, signals  # noqa: F401

        # base is the first installed app, so `<id:...>` exists before any URL module loads.
        converters.register()

        navigation.register(_("CMS（編集）"), "wagtailadmin_home", {navigation.EDITOR}, order=900)
