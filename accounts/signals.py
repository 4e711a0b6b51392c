"""Signal receivers: each only hands the event to a service."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from accounts.services import user_sessions_end


@receiver(user_logged_out)
def close_sockets_on_logout(sender, request, user, **kwargs) -> None:
    """A logged-out person must not keep a live websocket open in another tab."""
    if user is not None:
        user_sessions_end(user_id=user.pk)
