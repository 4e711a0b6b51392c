"""Invitations into a prefecture: writes and the reads their pages share.

An invitation grants nothing by itself. Whoever owns the address signs in and
accepts it; only then does `membership_grant` give the role. So an administrator
cannot take over an account by typing its address, and the answer they get is
the same whether the address has an account or not.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import (
    INVITATION_VALID_FOR,
    Invitation,
    Membership,
    Organisation,
    Prefecture,
    Role,
    User,
)
from accounts.services import membership_grant
from base.bulk import bulk_create_announced, bulk_update_announced
from base.validators import require_plain_text

logger = logging.getLogger(__name__)


class InvitationError(Exception):
    """An invitation change was refused; `code` says why, the message is shown as it is."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _verified_addresses(user: User) -> list[str]:
    from allauth.account.models import EmailAddress

    return [
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    ]


def invitations_addressed_to(user: User) -> QuerySet[Invitation]:
    """Every invitation to one of the person's verified addresses, whatever its state."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Invitation.objects.none()
    return Invitation.objects.filter(email__in=_verified_addresses(user)).select_related(
        "prefecture", "organisation"
    )


def pending_invitations_for(user: User) -> QuerySet[Invitation]:
    """The invitations the person can still accept, for マイページ."""
    return invitations_addressed_to(user).filter(
        accepted_at__isnull=True, declined_at__isnull=True, expires_at__gt=timezone.now()
    )


def open_invitations_of(prefecture: Prefecture, role: str | None = None) -> QuerySet[Invitation]:
    """A prefecture's unanswered invitations, as the administrator typed them, for listing."""
    invitations = Invitation.objects.filter(
        prefecture=prefecture, accepted_at__isnull=True, declined_at__isnull=True
    ).select_related("organisation")
    if role:
        invitations = invitations.filter(role=role)
    return invitations.order_by("role", "furigana", "email")


def _set_password_link(user: User, site_url: str) -> str:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return site_url.rstrip("/") + path


@dataclass(frozen=True)
class Invitee:
    """One person to invite: their address and names as typed, and their 所属機関."""

    email: str
    full_name: str
    furigana: str
    organisation: Organisation | None = None


def _busy() -> InvitationError:
    return InvitationError(
        "busy", _("このメールアドレスは登録処理中です。もう一度お試しください。")
    )


def _accounts_for(invitees: list[Invitee]) -> dict[str, User]:
    """Each address's account, made without a usable password when it has none yet."""
    from allauth.account.models import EmailAddress

    emails = [invitee.email for invitee in invitees]
    # Never touch an existing account: its name, addresses and roles are its owner's.
    users = {
        user.email_folded: user
        for user in User.objects.annotate(email_folded=Lower("email")).filter(
            email_folded__in=emails
        )
    }
    new = [
        User.objects.build_user(
            email=invitee.email, full_name=invitee.full_name, furigana=invitee.furigana
        )
        for invitee in invitees
        if invitee.email not in users
    ]
    try:
        with transaction.atomic():
            bulk_create_announced(User, new)
    except IntegrityError as exc:  # a concurrent invitation won the race
        raise _busy() from exc
    # The administrator vouches for the address and only its mailbox gets the
    # set-password link, so it counts as verified.
    bulk_create_announced(
        EmailAddress,
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in new],
    )
    return users | {user.email: user for user in new}


#: Invitations whose mails one background task sends, over one connection.
MAIL_SLICE = 200


def _mail_on_commit(invitations: list[Invitation], users: dict[str, User], site_url: str) -> None:
    """Mail one invitation from the request, a batch from the task worker, once committed.

    Each mail holds a set-password token, and allauth's token reads the person's addresses
    (a query a mail), so a 2,000-row roster's mails would take seconds of its request; the
    worker (`manage.py db_worker`, started by `make run`) sends them in slices instead.
    """
    if len(invitations) == 1:
        [invitation] = invitations
        message = _invitation_mail(invitation, users[invitation.email], site_url)
        # robust: the invitation is already stored; a mail server hiccup must not
        # turn that into an error page. The administrator can simply invite again.
        transaction.on_commit(message.send, robust=True)
        return
    from accounts.tasks import invitation_mails_send

    ids = [invitation.pk for invitation in invitations]
    slices = [ids[i : i + MAIL_SLICE] for i in range(0, len(ids), MAIL_SLICE)]
    transaction.on_commit(
        lambda: [invitation_mails_send.enqueue(part, site_url) for part in slices]
    )


def invitation_mails_send(*, invitation_ids: list[int], site_url: str) -> int:
    """Mail the invitations still open among `invitation_ids`, over one connection."""
    open_ones = list(
        Invitation.objects.filter(
            pk__in=invitation_ids, accepted_at__isnull=True, declined_at__isnull=True
        ).select_related("prefecture", "organisation")
    )
    users = {
        user.email_folded: user
        for user in User.objects.annotate(email_folded=Lower("email")).filter(
            email_folded__in=[invitation.email for invitation in open_ones]
        )
    }
    messages = [
        _invitation_mail(invitation, users[invitation.email], site_url)
        for invitation in open_ones
        if invitation.email in users
    ]
    return get_connection().send_messages(messages) or 0


def _invitation_mail(invitation: Invitation, user: User, site_url: str) -> EmailMessage:
    context = {
        "invitation": invitation,
        "set_password_link": None
        if user.has_usable_password()
        else _set_password_link(user, site_url),
        "accept_link": site_url.rstrip("/")
        + reverse("accounts:invitation", kwargs={"key": invitation.key}),
        "site_url": site_url,
    }
    return EmailMessage(
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        body=render_to_string("accounts/email/invitation_message.txt", context),
        to=[invitation.email],
    )


@transaction.atomic
def invitation_create(
    *,
    prefecture: Prefecture,
    email: str,
    full_name: str,
    furigana: str,
    role: str,
    organisation: Organisation | None,
    invited_by: User,
    site_url: str,
) -> Invitation:
    """Invite an address into a prefecture with a role and mail it, once stored; grants nothing."""
    [invitation] = invitations_create_many(
        prefecture=prefecture,
        role=role,
        invitees=[Invitee(email, full_name, furigana, organisation)],
        invited_by=invited_by,
        site_url=site_url,
    )
    return invitation


@transaction.atomic
def invitations_create_many(
    *,
    prefecture: Prefecture,
    role: str,
    invitees: Sequence[Invitee],
    invited_by: User,
    site_url: str,
) -> list[Invitation]:
    """Invite many addresses with one role and mail each, once stored; grants nothing.

    All or nothing, in a fixed number of queries whatever the count: an address already
    invited has its open invitation updated, as inviting it alone would. Returned in order.
    """
    if role not in Role.values:
        raise InvitationError("invalid", _("役割が正しくありません。"))
    cleaned = []
    for invitee in invitees:
        organisation = invitee.organisation
        if organisation is not None and organisation.prefecture_id != prefecture.pk:
            raise InvitationError("invalid", _("所属機関は同じ都道府県のものを選んでください。"))
        full_name, furigana = invitee.full_name.strip(), invitee.furigana.strip()
        # Checked before _accounts_for, which may create the account under this name.
        require_plain_text(full_name=full_name, furigana=furigana)
        email = User.objects.normalize_email(invitee.email.strip()).lower()
        cleaned.append(Invitee(email, full_name, furigana, organisation))
    emails = [invitee.email for invitee in cleaned]
    if len(set(emails)) < len(emails):
        raise InvitationError("duplicate", _("同じメールアドレスが2回以上含まれています。"))
    users = _accounts_for(cleaned)
    expires_at = timezone.now() + INVITATION_VALID_FOR
    open_ones = {
        invitation.email: invitation
        for invitation in Invitation.objects.select_for_update().filter(
            prefecture=prefecture,
            email__in=emails,
            accepted_at__isnull=True,
            declined_at__isnull=True,
        )
    }
    invitations, new = [], []
    for invitee in cleaned:
        typed = {
            "full_name": invitee.full_name,
            "furigana": invitee.furigana,
            "role": role,
            "organisation": invitee.organisation,
            "invited_by": invited_by,
            "expires_at": expires_at,
        }
        invitation = open_ones.get(invitee.email)
        if invitation is None:
            invitation = Invitation(prefecture=prefecture, email=invitee.email, **typed)
            new.append(invitation)
        else:
            for name, value in typed.items():
                setattr(invitation, name, value)
        invitations.append(invitation)
    try:
        with transaction.atomic():
            bulk_create_announced(Invitation, new)
    except IntegrityError as exc:  # the same address invited twice at once
        raise _busy() from exc
    bulk_update_announced(
        Invitation,
        list(open_ones.values()),
        ["full_name", "furigana", "role", "organisation", "invited_by", "expires_at"],
    )
    _mail_on_commit(invitations, users, site_url)
    return invitations


def _locked_for(invitation: Invitation, user: User) -> Invitation:
    """The invitation, locked, if `user` is its addressee; refused otherwise."""
    invitation = (
        Invitation.objects.select_for_update().select_related("prefecture").get(pk=invitation.pk)
    )
    if not user.is_active or invitation.email not in _verified_addresses(user):
        raise InvitationError("not_addressee", _("この招待はあなた宛てではありません。"))
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """The addressee takes up the invited role; accepting again changes nothing."""
    invitation = _locked_for(invitation, user)
    if invitation.declined_at is not None:
        raise InvitationError("used", _("この招待はすでに辞退されています。"))
    if invitation.accepted_at is not None:
        membership = Membership.objects.filter(
            user=user, prefecture=invitation.prefecture, role=invitation.role
        ).first()
        if membership is None:  # the role was taken away after acceptance
            raise InvitationError("used", _("この招待はすでに使われています。"))
        return membership
    if invitation.is_expired:
        raise InvitationError(
            "expired",
            _("この招待は有効期限が切れています。都道府県の担当者に再度の招待を依頼してください。"),
        )
    membership = membership_grant(
        user=user,
        prefecture=invitation.prefecture,
        role=invitation.role,
        organisation=invitation.organisation,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user: User) -> Invitation:
    """The addressee turns the invitation down; nothing is granted, and declining again is a no-op."""
    invitation = _locked_for(invitation, user)
    if invitation.accepted_at is not None:
        raise InvitationError("used", _("この招待はすでに承諾されています。"))
    if invitation.declined_at is None:
        invitation.declined_at = timezone.now()
        invitation.save(update_fields=["declined_at"])
    return invitation
