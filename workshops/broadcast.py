"""Tell open sockets about changes made outside them (by a page rather than a socket)."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from accounts.services import user_group_name
from workshops import channels_names


def _send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, event)


def rescope_members(workshop_id: int, user_ids) -> None:
    """Moved or removed trainees: their sockets re-read their group at once."""
    for user_id in user_ids:
        _send(user_group_name(user_id), {"type": "workshop.rescope", "workshop_id": workshop_id})
    _send(channels_names.console(workshop_id), {"type": "workshop.roster"})


def refresh_everyone(workshop_id: int) -> None:
    """The phases were edited: every socket redraws from a new state frame."""
    _send(channels_names.everyone(workshop_id), {"type": "workshop.refresh"})
