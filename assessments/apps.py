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

        # --- completion ---
        from assessments.selectors.completion import mypage_checklists
        from assessments.services.completion import completion_refresh
        from base import dashboard
        from courses import progress_hooks

        progress_hooks.register(completion_refresh)
        dashboard.register(
            "assessments/mypage_checklist.html",
            lambda request: mypage_checklists(request.user),
            order=15,
        )

        # --- worksheets ---
        from assessments.selectors.worksheets import review_queue_count
        from base import dashboard as worksheet_dashboard

        def worksheet_queue(request) -> dict | None:
            waiting = review_queue_count(request.user)
            return None if waiting is None else {"waiting": waiting}

        worksheet_dashboard.register(
            "assessments/worksheet_mypage_section.html", worksheet_queue, order=25
        )
