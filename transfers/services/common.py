"""What the transfers services share: the row lock, object grants, the draft only the sending team
may change, and telling people about a transfer."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from portal import services as core
from portal.access import require as _require
from portal.models import User
from portal.services import InvalidTransition
from transfers import selectors
from transfers.models import CinTransfer

State = CinTransfer.State


def locked(transfer: CinTransfer) -> CinTransfer:
    """The transfer read again under a row lock: decisions two people can race for are taken on it."""
    return CinTransfer.objects.select_for_update().get(pk=transfer.pk)


def grant(transfer: CinTransfer, codenames: list[str], principal: User | Group) -> None:
    for codename in codenames:
        assign_perm(f"transfers.{codename}", principal, transfer)


def draft_for_update(*, actor: User, transfer: CinTransfer) -> CinTransfer:
    """The draft, locked, for its sending team to change; refused once it has been referred."""
    transfer = locked(transfer)
    _require(selectors.can_work_on(actor, transfer), "Only the sending team can change this transfer.")
    if not transfer.is_draft:
        raise InvalidTransition("This transfer has been referred: its details can no longer be changed.")
    return transfer


def tell(users: Iterable[User], *, transfer: CinTransfer, event: str, subject: str, body: str) -> None:
    """Notify each of the users once about the transfer (the core emails them on commit)."""
    core.notify_each(
        users,
        event_key=f"cin-transfer:{transfer.pk}:{event}",
        subject=subject,
        body=body,
        link=transfer.get_absolute_url(),
    )
