"""CMS URLs of the case-study review."""

from django.urls import path

from casestudies import admin_views

app_name = "casestudies_admin"

urlpatterns = [
    path("", admin_views.case_list, name="list"),
    path("import/", admin_views.case_import, name="import"),
    path("<id:page_id>/review/", admin_views.review, name="review"),
    path("<id:page_id>/terms/", admin_views.term_add, name="term_add"),
    path("findings/<id:finding_id>/", admin_views.finding_decide, name="finding_decide"),
    path("findings/<id:finding_id>/elsewhere/", admin_views.term_elsewhere, name="term_elsewhere"),
]
