"""Invitations into a prefecture: writes and the reads their pages share.

An invitation grants nothing by itself. Whoever owns the address signs in and
accepts it; only then does `membership_grant` give the role. So an administrator
cannot take over an account by typing its address, and the answer they get is
the same whether the address has an account or not.
"""

import logging

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
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


def _account_for(email: str, full_name: str, furigana: str) -> User:
    """The address's account, made without a usable password when it has none yet."""
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        # Never touch an existing account: its name, addresses and roles are its owner's.
        return user
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, full_name=full_name, furigana=furigana)
    except IntegrityError as exc:  # a concurrent invitation won the race
        raise InvitationError(
            "busy", _("このメールアドレスは登録処理中です。もう一度お試しください。")
        ) from exc
    # The administrator vouches for the address and only its mailbox gets the
    # set-password link, so it counts as verified.
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _send_on_commit(*, subject: str, body: str, to: str) -> None:
    def send() -> None:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[to])

    # robust: the invitation is already stored; a mail server hiccup must not
    # turn that into an error page. The administrator can simply invite again.
    transaction.on_commit(send, robust=True)


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
    if role not in Role.values:
        raise InvitationError("invalid", _("役割が正しくありません。"))
    if organisation is not None and organisation.prefecture_id != prefecture.pk:
        raise InvitationError("invalid", _("所属機関は同じ都道府県のものを選んでください。"))
    email = User.objects.normalize_email(email.strip()).lower()
    full_name, furigana = full_name.strip(), furigana.strip()
    # Checked before _account_for, which may create the account under this name.
    require_plain_text(full_name=full_name, furigana=furigana)
    user = _account_for(email, full_name, furigana)
    typed = {
        "full_name": full_name,
        "furigana": furigana,
        "role": role,
        "organisation": organisation,
        "invited_by": invited_by,
        "expires_at": timezone.now() + INVITATION_VALID_FOR,
    }
    invitation = (
        Invitation.objects.select_for_update()
        .filter(
            prefecture=prefecture, email=email, accepted_at__isnull=True, declined_at__isnull=True
        )
        .first()
    )
    if invitation is None:
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(prefecture=prefecture, email=email, **typed)
        except IntegrityError as exc:  # the same address invited twice at once
            raise InvitationError(
                "busy", _("このメールアドレスは登録処理中です。もう一度お試しください。")
            ) from exc
    else:
        for name, value in typed.items():
            setattr(invitation, name, value)
        invitation.save(update_fields=list(typed))
    context = {
        "invitation": invitation,
        "set_password_link": None
        if user.has_usable_password()
        else _set_password_link(user, site_url),
        "accept_link": site_url.rstrip("/")
        + reverse("accounts:invitation", kwargs={"key": invitation.key}),
        "site_url": site_url,
    }
    _send_on_commit(
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        body=render_to_string("accounts/email/invitation_message.txt", context),
        to=email,
    )
    return invitation


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
