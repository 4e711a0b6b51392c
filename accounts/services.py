"""Writes about people: giving them roles, keeping organisations (invitations: invitations.py)."""

from collections.abc import Iterable, Sequence

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from accounts import scoping
from accounts.models import Membership, Organisation, Prefecture, Role, User
from accounts.selectors import municipality_named
from base.bulk import bulk_create_announced, bulk_update_announced
from base.validators import require_plain_text

PREFECTURE_ADMIN_GROUP = "都道府県担当者"


class MembershipError(Exception):
    """A membership change was refused; the message is shown to the person as it is."""


def user_group_name(user_id: int) -> str:
    """Channel-layer group that reaches every websocket a user has open."""
    return f"user.{user_id}"


def _place(organisation: Organisation, municipality: str) -> None:
    # A name found in the prefecture's list links the organisation to it; any other name is
    # kept as text (as the migration keeps old ones) and listed by `municipalities_unmatched`.
    found = municipality_named(organisation.prefecture, municipality)
    organisation.municipality = found
    organisation.municipality_text = found.name if found else municipality.strip()


def organisation_create(
    *, prefecture: Prefecture, name: str, kind: str, municipality: str = ""
) -> Organisation:
    """Register a 所属機関 in a prefecture."""
    require_plain_text(name=name, municipality=municipality)
    organisation = Organisation(prefecture=prefecture, name=name.strip(), kind=kind)
    _place(organisation, municipality)
    organisation.full_clean()
    organisation.save()
    return organisation


def organisation_update(
    *, organisation: Organisation, name: str, kind: str, municipality: str
) -> Organisation:
    """Change an organisation's name, type or municipality; its prefecture never changes."""
    require_plain_text(name=name, municipality=municipality)
    organisation.name = name.strip()
    organisation.kind = kind
    _place(organisation, municipality)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def membership_grant(
    *,
    user: User,
    prefecture: Prefecture,
    role: str,
    organisation: Organisation | None = None,
) -> Membership:
    """Give a person a role in a prefecture (idempotent); the organisation must be local."""
    [membership] = memberships_grant_many(
        prefecture=prefecture, role=role, grants=[(user, organisation)]
    )
    return membership


def _memberships_held(prefecture: Prefecture, role: str, user_ids) -> dict[int, Membership]:
    return {
        m.user_id: m
        for m in Membership.objects.filter(prefecture=prefecture, role=role, user_id__in=user_ids)
    }


@transaction.atomic
def memberships_grant_many(
    *,
    prefecture: Prefecture,
    role: str,
    grants: Sequence[tuple[User, Organisation | None]],
) -> list[Membership]:
    """Give many people one role in a prefecture (idempotent), each with a local organisation.

    One read, one insert and one update whatever the number; each row is announced as a
    single save would be (base.bulk), and the list comes back in the order of `grants`.
    """
    if role not in Role.values:
        raise MembershipError(_("役割が正しくありません。"))
    wanted: dict[int, Organisation | None] = {}
    users: dict[int, User] = {}
    for user, organisation in grants:
        if organisation is not None and organisation.prefecture_id != prefecture.pk:
            raise MembershipError(_("所属機関は同じ都道府県のものを選んでください。"))
        users.setdefault(user.pk, user)
        # As granting one after another would: a later organisation replaces an earlier one.
        if organisation is not None or user.pk not in wanted:
            wanted[user.pk] = organisation
    held = _memberships_held(prefecture, role, list(wanted))
    for attempt in range(2):
        new = [
            Membership(user=users[pk], prefecture=prefecture, role=role, organisation=organisation)
            for pk, organisation in wanted.items()
            if pk not in held
        ]
        try:
            with transaction.atomic():
                bulk_create_announced(Membership, new)
            break
        except IntegrityError:
            # A concurrent grant of the same role won: take its rows as held and go on.
            if attempt:
                raise
            held = _memberships_held(prefecture, role, list(wanted))
    changed = []
    for pk, membership in held.items():
        organisation = wanted[pk]
        if organisation is not None and membership.organisation_id != organisation.pk:
            membership.organisation = organisation
            changed.append(membership)
    bulk_update_announced(Membership, changed, ["organisation"])
    if role == Role.PREFECTURE_ADMIN:
        # Administrators manage cohorts in the CMS; the group only opens the admin,
        # and every screen there is scoped to their prefecture.
        Group.objects.get(name=PREFECTURE_ADMIN_GROUP).user_set.add(*users.values())
    for user in users.values():
        scoping.forget_cached_roles(user)
    by_user = held | {m.user_id: m for m in new}
    return [by_user[user.pk] for user, _organisation in grants]


@transaction.atomic
def membership_revoke(*, membership: Membership, revoked_by: User | None = None) -> None:
    """Take a role away; the person's open sockets re-check what they may see once committed."""
    user = membership.user
    if (
        revoked_by is not None
        and revoked_by.pk == user.pk
        and membership.role == Role.PREFECTURE_ADMIN
    ):
        # Otherwise an administrator could lock the prefecture out of its own people pages.
        raise MembershipError(_("自分の都道府県担当者の役割は外せません。"))
    membership.delete()
    if (
        membership.role == Role.PREFECTURE_ADMIN
        and not Membership.objects.filter(user=user, role=Role.PREFECTURE_ADMIN).exists()
    ):
        user.groups.remove(Group.objects.get(name=PREFECTURE_ADMIN_GROUP))
    scoping.forget_cached_roles(user)
    user_id = user.pk
    transaction.on_commit(lambda: user_access_changed(user_id=user_id))


class UserDeleteError(Exception):
    """Deleting an account was refused; the message is shown to the CMS administrator as it is."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@transaction.atomic
def users_delete(*, users: Iterable[User]) -> int:
    """Delete accounts and close their sockets; refused whole while a record names one of them."""
    users = list(users)
    user_ids = [user.pk for user in users]  # delete() clears each pk
    try:
        # A savepoint, so a refusal leaves the caller's transaction usable.
        with transaction.atomic():
            for user in users:
                user.delete()
    except ProtectedError as exc:
        # Group-work posts, attendance and reviews keep their author (PROTECT), so a person
        # who took part cannot vanish from the record; turning the account off keeps it.
        raise UserDeleteError(
            "protected",
            _(
                "グループワークの投稿など、この利用者の名前が残る記録があるため削除できません。"
                "代わりに「有効」のチェックを外して、利用できないようにしてください。"
            ),
        ) from exc
    for user_id in user_ids:
        user_sessions_end_on_commit(user_id=user_id)
    return len(users)


def user_sessions_end_on_commit(*, user_id: int) -> None:
    """Close the user's websockets once the current change (a deactivation, say) is committed."""
    transaction.on_commit(lambda: user_sessions_end(user_id=user_id))


def user_sessions_end(*, user_id: int) -> None:
    """Close every websocket the user has open, e.g. right after they log out."""
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(user_group_name(user_id), {"type": "session.ended"})


def user_access_changed(*, user_id: int) -> None:
    """Make the user's open websockets check again what they may see (after a withdrawal, say)."""
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(user_group_name(user_id), {"type": "access.changed"})
