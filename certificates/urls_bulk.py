"""一括発行 routes, part of the "certificates" namespace (certificates/urls.py takes them in)."""

from django.urls import path

from certificates import views_bulk

urlpatterns = [
    path("cohorts/<id:cohort_id>/bulk/", views_bulk.bulk_issue, name="bulk_issue"),
    path("bulk/<id:run_id>/", views_bulk.bulk_run, name="bulk_run"),
    path("bulk/<id:run_id>/progress/", views_bulk.bulk_run_progress, name="bulk_run_progress"),
    path("cohorts/<id:cohort_id>/certificates.zip", views_bulk.cohort_zip, name="cohort_zip"),
    path(
        "cohorts/<id:cohort_id>/register.xlsx",
        views_bulk.cohort_register_xlsx,
        name="cohort_register_xlsx",
    ),
    path(
        "cohorts/<id:cohort_id>/register.csv",
        views_bulk.cohort_register_csv,
        name="cohort_register_csv",
    ),
    path(
        "cohorts/<id:cohort_id>/register-sjis.csv",
        views_bulk.cohort_register_cp932,
        name="cohort_register_cp932",
    ),
]
