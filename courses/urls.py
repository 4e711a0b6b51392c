"""URLs of lesson actions and cohort pages (lessons themselves are Wagtail pages)."""

from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("lessons/<id:lesson_id>/complete/", views.lesson_complete, name="lesson_complete"),
    path("lessons/<id:lesson_id>/position/", views.lesson_position, name="lesson_position"),
    path(
        "lessons/<id:lesson_id>/reflections/",
        views.lesson_reflections,
        name="lesson_reflections",
    ),
    path(
        "enrollments/<id:enrollment_id>/accept/",
        views.enrollment_accept,
        name="enrollment_accept",
    ),
    path("cohorts/<id:cohort_id>/", views.cohort_detail, name="cohort_detail"),
]
