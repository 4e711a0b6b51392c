"""Request-facing code reads prefecture-owned rows only through `for_user`.

Views, consumers, CMS hooks, forms and exports must not call `<Model>.objects` (or
`_default_manager`) on a model that carries `PrefectureScopedQuerySet`, nor
`User.objects`: such a read ignores the prefecture unless someone remembered a
filter. `Model.objects.for_user(user, roles=...)` and `scoping.people_for(...)` are
the ways in. Models and apps are discovered, so new apps join without edits here.
"""

import ast
import importlib
from collections import deque
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts.models import Prefecture
from accounts.scoping import PrefectureScopedQuerySet

#: Module names (file stems) that serve a person's request; any file under a `views/` package too.
REQUEST_FACING = {
    "views",
    "consumers",
    "wagtail_hooks",
    "admin_views",
    "exports",
    "record",
    "forms",
    "admin_forms",
    "wagtail_users",
}
#: `Model.objects.<these>` are allowed: scoped reads, and the empty queryset.
ALLOWED = {"for_user", "none"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
#: How many foreign keys away from Prefecture a model still counts as prefecture-owned.
MAX_HOPS = 4


def project_apps():
    root = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root)
        and ".venv" not in Path(config.path).parts
    ]


def scoped_models() -> set[type]:
    """Models whose default manager hands out PrefectureScopedQuerySet."""
    return {
        model
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), PrefectureScopedQuerySet)
    }


def watched_models() -> dict[str, type]:
    """Class name -> model for every model a request-facing module must not read directly."""
    watched = {model.__name__: model for model in scoped_models()}
    user = get_user_model()
    watched[user.__name__] = user
    return watched


def request_facing_modules():
    """(module name, path) of every request-facing module of every project app."""
    for config in project_apps():
        base = Path(config.path)
        for path in sorted(base.rglob("*.py")):
            parts = path.relative_to(base).parts
            if "migrations" in parts or "management" in parts:
                continue
            if path.stem in REQUEST_FACING or "views" in parts[:-1]:
                dotted = ".".join((*parts[:-1], path.stem))
                yield f"{config.name}.{dotted}", path


class _Finder(ast.NodeVisitor):
    """Collect direct manager reads of watched models in one module's source."""

    def __init__(self, watched: dict[str, type], namespace: dict):
        self.watched = watched
        self.namespace = namespace
        self.found: list[tuple[int, str]] = []
        self.stack: list[ast.AST] = []

    def _model_name(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "get_user_model":
            return get_user_model().__name__
        if not isinstance(node, ast.Name):
            return None
        bound = self.namespace.get(node.id)
        if isinstance(bound, type):
            # Resolve aliases (`from x import Cohort as C`) through the imported module.
            return bound.__name__ if bound in self.watched.values() else None
        # A name imported inside a function is not in the module's namespace.
        return node.id if node.id in self.watched else None

    def _inside_prefetch(self) -> bool:
        # Prefetch(..., queryset=X.objects...) only returns rows of parents already fetched.
        return any(
            isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Prefetch"
            for node in self.stack
        )

    def generic_visit(self, node: ast.AST) -> None:
        self.stack.append(node)
        super().generic_visit(node)
        self.stack.pop()

    def visit_Attribute(self, node: ast.Attribute) -> None:
        name = self._model_name(node.value)
        if node.attr in MANAGERS and name:
            parent = self.stack[-1] if self.stack else None
            method = parent.attr if isinstance(parent, ast.Attribute) else None
            if method not in ALLOWED and not self._inside_prefetch():
                self.found.append((node.lineno, f"{name}.{node.attr}.{method or ''}"))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if getattr(node.func, "id", None) in SHORTCUTS and node.args:
            name = self._model_name(node.args[0])
            if name:
                self.found.append((node.lineno, f"{node.func.id}({name}, ...)"))
        self.generic_visit(node)


def direct_reads(source: str, namespace: dict, watched: dict[str, type]) -> list[tuple[int, str]]:
    """Line and description of each unscoped read of a watched model in `source`."""
    finder = _Finder(watched, namespace)
    finder.visit(ast.parse(source))
    return finder.found


def test_request_facing_code_reads_prefecture_data_only_through_for_user():
    watched = watched_models()
    root = Path(settings.BASE_DIR)
    violations = []
    for module_name, path in request_facing_modules():
        namespace = vars(importlib.import_module(module_name))
        for line, what in direct_reads(path.read_text(encoding="utf-8"), namespace, watched):
            violations.append(f"{path.relative_to(root)}:{line}: {what}")
    assert not violations, (
        "Read prefecture data through Model.objects.for_user(user, roles=...) or "
        "accounts.scoping.people_for(...):\n" + "\n".join(violations)
    )


def test_the_guard_finds_direct_reads_and_lets_scoped_ones_pass():
    source = """
from django.shortcuts import get_object_or_404
def view(request, pk):
    Workshop.objects.filter(pk=pk)
    Workshop.objects.for_user(request.user).get(pk=pk)
    Workshop.objects.none()
    get_object_or_404(Enrollment, pk=pk)
    User.objects.get(pk=pk)
    Cohort._default_manager.all()
    Prefetch("posts", queryset=Post.objects.select_related("author"))
    get_user_model().objects.all()
"""
    found = [what for _line, what in direct_reads(source, {}, watched_models())]
    assert found == [
        "Workshop.objects.filter",
        "get_object_or_404(Enrollment, ...)",
        "User.objects.get",
        "Cohort._default_manager.all",
        "User.objects.all",
    ]


def test_the_guard_reads_the_request_facing_modules_of_every_app():
    names = {name for name, _path in request_facing_modules()}
    assert {"courses.views", "workshops.views.live", "workshops.consumers"} <= names
    assert {"accounts", "courses", "workshops"} <= {c.label for c in project_apps()}


def _path_to_prefecture(model: type) -> str | None:
    """The shortest foreign-key path from `model` to Prefecture, not through people."""
    user = get_user_model()
    queue = deque([(model, "")])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if path.count("__") + 1 > MAX_HOPS:
            continue
        for field in current._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            target = field.related_model
            lookup = f"{path}__{field.name}" if path else field.name
            if target is Prefecture:
                return lookup
            if target is user or target in seen or target is None:
                continue
            seen.add(target)
            queue.append((target, lookup))
    return None


def test_every_prefecture_owned_model_carries_the_scoped_queryset():
    project = {config.label for config in project_apps()}
    owned = {
        model
        for model in apps.get_models()
        if model._meta.app_label in project
        and model is not Prefecture
        and _path_to_prefecture(model) is not None
    }
    missing = sorted(m._meta.label for m in owned - scoped_models())
    assert not missing, f"prefecture-owned models without PrefectureScopedQuerySet: {missing}"


def test_each_scoped_model_names_a_lookup_that_reaches_a_prefecture():
    models = scoped_models()
    assert {"Organisation", "Membership", "Cohort", "Enrollment", "Workshop", "Post"} <= {
        model.__name__ for model in models
    }
    for model in models:
        # Building the query resolves the lookup; a typo raises FieldError here.
        query = str(model.objects.filter(**{f"{model.prefecture_field}__in": [0]}).query)
        assert Prefecture._meta.db_table in query or "prefecture_id" in query, model
