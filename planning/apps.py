"""App config for planning: the committee's year of 伝達研修."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """研修委員会の年間計画: committee, plan, training days, meetings and their checks."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "planning"
    verbose_name = _("研修の企画")
