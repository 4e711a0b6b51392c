"""App config for anonymised case studies and the anonymiser's review."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseStudiesConfig(AppConfig):
    """Case studies trainees read, and the review that makes them safe to publish."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "casestudies"
    verbose_name = _("事例")

    def ready(self) -> None:
        from base import demo_registry
        from casestudies import demo

        demo_registry.register("casestudies", lambda password: demo.seed(), order=40)
        from base import navigation, search
        from casestudies.search import CASE_STUDIES

        navigation.register(
            _("事例"),
            roles={navigation.ANYONE},
            order=25,
            page_type="casestudies.CaseStudyIndexPage",
        )
        search.register(CASE_STUDIES)
