"""What a background-task worker loads before it takes its first task: each app registers its own from ready().

A worker lives for as long as the deployment, so what its tasks load on first use
(a library's import, a signing key) is better loaded once at its start than inside
the first task a user waits for. A registry, so `base` never imports the apps above it.
"""

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

_preloads: dict[str, Callable[[], None]] = {}


def register(name: str, preload: Callable[[], None]) -> None:
    """Add an app's preload; apps call this from AppConfig.ready()."""
    _preloads.setdefault(name, preload)


def preload_all() -> None:
    """Run every registered preload; one that fails is logged, and its task reports it later."""
    for name, preload in _preloads.items():
        try:
            preload()
        except Exception:
            logger.exception("task worker preload %s failed", name)
