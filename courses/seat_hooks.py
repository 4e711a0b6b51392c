"""Apps above courses hear, inside the same transaction, that a seat of a cohort may have freed.

planning keeps a waiting list per training day and must move the next person up in the
request that freed the seat, yet courses may not import planning. So planning registers a
callback here from its ready(), as assessments does with progress_hooks.
"""

from collections.abc import Callable

SeatListener = Callable[..., None]

_listeners: list[SeatListener] = []


def register(listener: SeatListener) -> None:
    """Call `listener(cohort=...)` whenever a trainee withdraws or the cohort grows."""
    if listener not in _listeners:
        _listeners.append(listener)


def seat_freed(*, cohort) -> None:
    """Tell every listener; called by the services that free a seat, inside their transaction."""
    for listener in _listeners:
        listener(cohort=cohort)
