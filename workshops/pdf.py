"""PDF rendering with WeasyPrint that can only ever read the project's own static files."""

from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_PREFIX = "static:"
MIME_TYPES = {".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml"}


class ForbiddenResource(Exception):
    """WeasyPrint asked for something outside the project's static files."""


def static_file_for(url: str) -> Path:
    """The project static file a `static:` URL names; anything else is refused."""
    if not url.startswith(STATIC_PREFIX):
        raise ForbiddenResource(url)
    relative = url[len(STATIC_PREFIX) :].lstrip("/")
    if ".." in Path(relative).parts or urlparse(relative).scheme:
        raise ForbiddenResource(url)
    found = finders.find(relative)
    if not found:
        raise ForbiddenResource(url)
    path = Path(found).resolve()
    allowed = [Path(folder).resolve() for folder in settings.STATICFILES_DIRS]
    if not any(path.is_relative_to(root) for root in allowed):
        raise ForbiddenResource(url)
    return path


class ProjectURLFetcher(URLFetcher):
    """Serves `static:css/x.css` from the project's static files and refuses every other URL.

    Nothing on the network or elsewhere on disk is ever read, so text a trainee
    wrote can never make the PDF renderer open a file or call another server.
    """

    def fetch(self, url, headers=None):
        path = static_file_for(url)
        content_type = MIME_TYPES.get(path.suffix, "application/octet-stream")
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def render_pdf(html: str, fetcher: URLFetcher | None = None) -> bytes:
    """Turn an HTML string into PDF bytes, fetching only through the project's fetcher."""
    from weasyprint import HTML

    fetcher = fetcher or ProjectURLFetcher()
    return HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=fetcher).write_pdf()
