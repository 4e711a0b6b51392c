"""Error pages in Japanese, the CMS refusal, the favicon, and a health check for load balancers."""

from functools import wraps

from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _


def bad_request(request, exception=None):
    """400: a request the server cannot take, such as an unknown host or tampered input."""
    return render(request, "400.html", status=400)


def csrf_failure(request, reason: str = ""):
    """403 for a form sent without a valid CSRF token: usually an old tab or blocked cookies."""
    return render(request, "403_csrf.html", status=403)


def permission_denied(request, exception=None):
    """403: the person is signed in but may not see this."""
    return render(request, "403.html", status=403)


def cms_forbidden(request):
    """403 for a signed-in person without CMS rights: what the 管理画面 is and whom to ask."""
    return render(request, "403_cms.html", status=403)


def cms_access_required(view):
    """Wrap a Wagtail admin view so a signed-in person without CMS rights gets cms_forbidden.

    Wagtail sends such a person to the login URL, and allauth sends a signed-in
    person on from there back to `next`: a redirect loop. The test is Wagtail's
    own (`wagtailadmin.access_admin`), so exactly the people it would refuse are
    answered here; anonymous people still reach Wagtail's redirect to the login.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not user.has_perm("wagtailadmin.access_admin"):
            return cms_forbidden(request)
        return view(request, *args, **kwargs)

    return guarded


def favicon(request):
    """/favicon.ico, which browsers ask for on their own: the site's icon in static files."""
    # Not permanent: in production the target's name carries the file's hash.
    return HttpResponseRedirect(static("favicon.svg"))


def page_not_found(request, exception=None):
    """404: no such page, or one of another prefecture's that must stay unseen."""
    return render(request, "404.html", status=404)


def server_error(request):
    """500: rendered without context processors, which may be what failed."""
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def ratelimited(request, exception=None):
    """429: too many attempts; the person is told to wait, in Japanese."""
    return render(request, "429.html", status=429)


def health(request):
    """Liveness and database check for a load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def search(request):
    """/search/?q=: programs, lessons and case studies, in Japanese, limited to what one may open."""
    from base.search import MAX_QUERY_CHARS
    from base.search import search as run_search

    query = request.GET.get("q", "").strip()
    error = None
    if len(query) > MAX_QUERY_CHARS:
        error = _("検索語は%(n)d文字以内にしてください。") % {"n": MAX_QUERY_CHARS}
        results = []
    else:
        results = run_search(request.user, query)
    return render(request, "base/search.html", {"query": query, "results": results, "error": error})
