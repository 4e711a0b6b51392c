"""App config for planning: the committee's year of 伝達研修."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """研修委員会の年間計画: committee, plan, training days, meetings and their checks."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "planning"
    verbose_name = _("研修の企画")

    def ready(self) -> None:
        from accounts.models import Role
        from base import dashboard, demo_registry, navigation
        from courses import seat_hooks
        from planning import demo
        from planning.selectors.meetings import mypage_planning
        from planning.services.waiting import waiting_fill_cohort

        demo_registry.register("planning", demo.seed, order=80)
        seat_hooks.register(waiting_fill_cohort)
        navigation.register(
            _("年間計画"), "planning:plan_index", {Role.COMMITTEE, Role.PREFECTURE_ADMIN}, order=70
        )
        dashboard.register(
            "planning/mypage_section.html",
            lambda request: mypage_planning(request.user),
            order=30,
        )
