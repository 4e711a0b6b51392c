"""Two Wagtail admin routes answered by the project: a deliberate crash and a chooser that crashed."""

from django.http import Http404
from django.urls import URLPattern
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.choosers import ExternalLinkChooserForm, URLOrAbsolutePathField
from wagtail.admin.views.chooser import ExternalLinkView


def error_test_not_found(request):
    """/admin/failwhale/ raises on purpose to test error mail; a 404 here, so nobody can fill the log."""
    raise Http404


class _URLOrAbsolutePathField(URLOrAbsolutePathField):
    """Wagtail's URL-or-path field, with a missing value read as an empty one."""

    def to_python(self, value):
        # Wagtail calls value.startswith() before the empty check, so a POST
        # without the field raised AttributeError instead of "この項目は必須です".
        return super().to_python("" if value is None else value)


class ExternalLinkForm(ExternalLinkChooserForm):
    """The rich-text editor's external link form, refusing a missing URL like an empty one."""

    url = _URLOrAbsolutePathField(
        required=True, label=ExternalLinkChooserForm.base_fields["url"].label
    )


class GuardedExternalLinkView(ExternalLinkView):
    """Wagtail's external link chooser, with the form above."""

    form_class = ExternalLinkForm


#: Wagtail URL name -> the view that answers it instead. The email, phone and
#: anchor choosers use plain CharField/EmailField, which read a missing value as
#: empty, so they need nothing.
REPLACEMENTS = {
    "wagtailadmin_error_test": error_test_not_found,
    # Wagtail wraps its admin views at import; a replacement needs the same guards.
    "wagtailadmin_choose_page_external_link": never_cache(
        require_admin_access(GuardedExternalLinkView.as_view())
    ),
}


def guarded(urlpatterns: list) -> list:
    """Wagtail's admin URL patterns, with the routes in REPLACEMENTS answered by the project's views.

    Replacing the pattern (not shadowing it with an earlier one) keeps each URL name
    registered once, so the URL × role matrix walks each route exactly once.
    """
    replaced = []
    patterns = []
    for pattern in urlpatterns:
        view = REPLACEMENTS.get(getattr(pattern, "name", None))
        if view is not None:
            replaced.append(pattern.name)
            pattern = URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)
        patterns.append(pattern)
    missing = sorted(set(REPLACEMENTS) - set(replaced))
    if missing:
        # A Wagtail upgrade that renames a route must not silently drop the guard.
        raise RuntimeError(f"Wagtail admin URL names not found to guard: {missing}")
    return patterns
