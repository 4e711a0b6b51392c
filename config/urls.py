"""URL routes: accounts, the role pages, the Wagtail admin and, last, Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path
from django.views.decorators.cache import cache_control
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from base import admin_guards
from base import views as base_views

handler400 = "base.views.bad_request"
handler403 = "base.views.permission_denied"
handler404 = "base.views.page_not_found"
handler500 = "base.views.server_error"

urlpatterns = [
    # Every sign-in goes through allauth, so its rate limits and second factor
    # apply to the CMS too.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    # Two of Wagtail's admin routes are answered by base/admin_guards.py: the
    # /admin/failwhale/ crash test becomes a 404, so no one can make the production
    # server log errors at will, and the external link chooser stops raising
    # AttributeError on a POST without its URL field.
    # A signed-in person without CMS rights gets a 403 page saying what the CMS is,
    # instead of Wagtail's redirect to the login, which sends them back: a loop.
    path(
        "admin/",
        include(
            decorate_urlpatterns(
                admin_guards.guarded(wagtailadmin_urls.urlpatterns), base_views.cms_access_required
            )
        ),
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    # The scripts' translations (static/js/ calls gettext), as a script file because the
    # CSP allows no inline script. Pages ask for it with ?v=<language>, so the browser
    # keeps one copy per language; "private" because the answer follows the cookie.
    path(
        "jsi18n/",
        cache_control(private=True, max_age=3600)(JavaScriptCatalog.as_view(packages=["base"])),
        name="javascript-catalog",
    ),
    path("", include("accounts.urls")),
    path("courses/", include("courses.urls")),
    path("workshops/", include("workshops.urls")),
    path("assessments/", include("assessments.urls")),
    path("certificates/", include("certificates.urls")),
    path("planning/", include("planning.urls")),
    # Public: anyone checks a 修了証 by its code or its QR, without signing in.
    path("verify/", include("certificates.urls_verify")),
    path("search/", base_views.search, name="search"),
    path("healthz", base_views.health, name="health"),
    path("favicon.ico", base_views.favicon, name="favicon"),
]

if not settings.PRODUCTION:
    # Embedded mode serves uploaded media itself; production puts a web server
    # or object storage in front.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [path("", include(wagtail_urls))]
