"""URLs of マイページ and the prefecture people pages."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("mypage/", views.mypage, name="mypage"),
    path("prefecture/", views.prefecture_index, name="prefecture_index"),
    path("prefectures/<slug:slug>/members/", views.members, name="members"),
    path("prefectures/<slug:slug>/members/invite/", views.member_invite, name="member_invite"),
    path("invitations/<uuid:key>/", views.invitation, name="invitation"),
    path("prefectures/<slug:slug>/organisations/", views.organisations, name="organisations"),
    path("organisations/<id:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "prefectures/<slug:slug>/members/<id:pk>/revoke/",
        views.membership_revoke,
        name="membership_revoke",
    ),
]
