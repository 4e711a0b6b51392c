"""Apps above courses hear, inside the same transaction, that a trainee's progress changed.

courses sits below assessments and may not import it, yet the completion rule lives
there and must be decided in the request that changed it. So assessments registers a
callback here from its ready(), as apps register navigation items.
"""

from collections.abc import Callable

ProgressListener = Callable[..., None]

_listeners: list[ProgressListener] = []


def register(listener: ProgressListener) -> None:
    """Call `listener(enrollment=...)` whenever a trainee's progress changes."""
    if listener not in _listeners:
        _listeners.append(listener)


def progress_changed(*, enrollment) -> None:
    """Tell every listener; called by the services that change progress, inside their transaction."""
    for listener in _listeners:
        listener(enrollment=enrollment)
