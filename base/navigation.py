"""The main navigation, built from the items each app registers for the roles it serves."""

from dataclasses import dataclass

from django.urls import reverse

from accounts.permissions import can_open_cms, roles_of


@dataclass(frozen=True)
class NavItem:
    """One link in the main navigation, shown to people holding any of `roles`."""

    label: str
    url_name: str
    roles: frozenset[str]
    order: int = 100

    def url(self) -> str:
        return reverse(self.url_name)


#: Special role names beyond accounts.Role: any signed-in person, and CMS editors.
SIGNED_IN = "signed_in"
EDITOR = "editor"

_registry: list[NavItem] = []


def register(label, url_name: str, roles: set[str] | frozenset[str], order: int = 100) -> None:
    """Add a navigation item; apps call this from AppConfig.ready()."""
    item = NavItem(label=label, url_name=url_name, roles=frozenset(roles), order=order)
    if item not in _registry:
        _registry.append(item)


def items_for(user) -> list[dict]:
    """The navigation links a person sees, in order, as label and URL."""
    if not getattr(user, "is_authenticated", False):
        return []
    held = set(roles_of(user)) | {SIGNED_IN}
    if can_open_cms(user):
        held.add(EDITOR)
    links = []
    for item in sorted(_registry, key=lambda i: i.order):
        if item.roles & held:
            links.append({"label": item.label, "url": item.url(), "url_name": item.url_name})
    return links
