"""App config for live group work (グループワーク, 事例検討, GSV)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    """Workshops, their groups and boards, the live console and the record afterwards."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "workshops"
    verbose_name = _("グループワーク")

    def ready(self) -> None:
        from base import demo_registry
        from workshops import demo

        demo_registry.register("workshops", demo.seed, order=50)
        from accounts.models import Role
        from base import dashboard, navigation
        from workshops.permissions import workshop_links
        from workshops.selectors import recently_ended_for, upcoming_for

        navigation.register(
            _("グループワーク"),
            "workshops:list",
            {Role.TRAINEE, Role.FACILITATOR, Role.PREFECTURE_ADMIN},
            order=30,
        )

        def my_workshops(request) -> dict | None:
            workshops = upcoming_for(request.user)
            ended = recently_ended_for(request.user)
            for workshop in (*workshops, *ended):
                workshop.links = workshop_links(request.user, workshop)
            return {"workshops": workshops, "ended": ended} if workshops or ended else None

        dashboard.register("workshops/mypage_section.html", my_workshops, order=20)
