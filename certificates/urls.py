"""URL routes of certificates under /certificates/ (namespace "certificates")."""

from django.urls import path

from certificates import urls_bulk, views

app_name = "certificates"

urlpatterns = [
    path("", views.prefecture_home, name="home"),
    path("mine/", views.my_certificates, name="mine"),
    path("issued/<id:certificate_id>/download/", views.certificate_download, name="download"),
    path("issued/<id:certificate_id>/revoke/", views.certificate_revoke, name="revoke"),
    path("issued/<id:certificate_id>/reissue/", views.certificate_reissue, name="reissue"),
    path("cohorts/<id:cohort_id>/", views.cohort_certificates, name="cohort"),
    path(
        "cohorts/<id:cohort_id>/issue/<id:enrollment_id>/",
        views.certificate_issue,
        name="issue",
    ),
    *urls_bulk.urlpatterns,
    path("<slug:prefecture_slug>/", views.certificate_list, name="list"),
    path("<slug:prefecture_slug>/issuer/", views.issuer_profile, name="issuer_profile"),
    path("<slug:prefecture_slug>/issuer/preview.pdf", views.issuer_preview, name="issuer_preview"),
    path("<slug:prefecture_slug>/audit/", views.audit_list, name="audit"),
]
