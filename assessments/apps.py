"""App config for assessments: quizzes, the plan worksheet, self-ratings, the survey and completion."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """Quizzes, plan worksheets, before/after ratings, the evaluation survey and the completion rule."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("評価と修了")

    def ready(self) -> None:
        from assessments import demo
        from base import demo_registry

        demo_registry.register("assessments", demo.seed, order=60)
