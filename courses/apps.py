"""App config for 伝達研修 programs, lessons, cohorts and progress."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Programs and lessons in the CMS; cohorts, enrollments and progress beside them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("研修プログラム")

    def ready(self) -> None:
        from base import demo_registry
        from courses import demo

        demo_registry.register("courses", lambda password: demo.seed(), order=30)
        from base import dashboard, navigation, search
        from courses import search as course_search
        from courses import signals  # noqa: F401
        from courses.selectors import mypage_courses

        navigation.register(
            _("研修プログラム"),
            roles={navigation.ANYONE},
            order=20,
            page_type="courses.ProgramIndexPage",
        )
        search.register(course_search.PROGRAMS)
        search.register(course_search.LESSONS)

        dashboard.register(
            "courses/mypage_section.html", lambda request: mypage_courses(request.user), order=10
        )
