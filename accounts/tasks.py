"""Background work of accounts: the invitation mails of a batch (a roster of trainees)."""

from django.conf import settings
from django_tasks import task

from accounts import invitations


@task(backend=settings.BACKGROUND_TASKS)
def invitation_mails_send(invitation_ids: list[int], site_url: str) -> None:
    """The task the worker runs: mail one slice of a batch of invitations."""
    invitations.invitation_mails_send(invitation_ids=invitation_ids, site_url=site_url)
