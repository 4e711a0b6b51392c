"""CMS hooks: the review screens, their menu item, and a review button on case-study pages."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from casestudies import admin_urls
from casestudies.models import CaseStudyPage
from casestudies.permissions import can_view_original


@hooks.register("register_admin_urls")
def register_review_urls():
    return [path("casestudies/", include(admin_urls, namespace="casestudies_admin"))]


class ReviewMenuItem(MenuItem):
    """Shown only to those who may see originals."""

    def is_shown(self, request):
        return can_view_original(request.user)


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return ReviewMenuItem(
        "事例の匿名化", reverse("casestudies_admin:list"), icon_name="warning", order=250
    )


@hooks.register("register_page_header_buttons")
def review_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, CaseStudyPage) and can_view_original(user):
        if hasattr(page.specific_deferred, "source"):
            yield Button(
                "匿名化の確認",
                reverse("casestudies_admin:review", args=[page.pk]),
                icon_name="warning",
            )
