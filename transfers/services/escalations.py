"""A transfer's escalations (DESIGN §7, §10): raised once each, with whoever must act on one given
read access to the transfer; a declined transfer's dispute; and closing what a decision settles."""

from django.utils import timezone
from guardian.shortcuts import assign_perm

from portal import services as core
from portal.history import save as _save
from portal.models import Escalation, Organisation, User
from portal.text import date_text
from transfers import selectors
from transfers.models import CinTransfer


def raise_escalation(
    transfer: CinTransfer, *, kind: str, level: int, organisation: Organisation, summary: str, assignees: list[User]
) -> bool:
    """Raise the escalation unless it is already raised; True when it is new."""
    escalation, created = core.escalation_raise(
        subject=transfer,
        kind=kind,
        level=level,
        organisation=organisation,
        summary=summary,
        assignees=assignees,
        child=transfer.child,
    )
    # Whoever must act on the escalation may read the transfer it is about.
    for user in assignees:
        assign_perm("transfers.view_cintransfer", user, transfer)
    return created


def open_dispute(transfer: CinTransfer) -> bool:
    """Declined → disputed, with a dispute escalation to both authorities' team managers at once."""
    transfer.open_dispute(at=timezone.now())
    _save(transfer, reason="Dispute opened")
    referred = f" (referred on {date_text(transfer.referred_on)})" if transfer.referred_on else ""
    return raise_escalation(
        transfer,
        kind=Escalation.Kind.TRANSFER_DISPUTED,
        level=Escalation.Level.TEAM_MANAGER,
        organisation=transfer.sending_authority,
        summary=(
            f"{transfer.receiving_authority} declined Child in Need transfer {transfer.reference}{referred}: case "
            f"responsibility is disputed. Use the children's social care escalation procedure. The child's welfare "
            f"remains paramount; {transfer.sending_authority} keeps case responsibility until the dispute is "
            f"resolved, and the family must be given clear messages about services and expectations. "
            f"The transfer: {transfer.get_absolute_url()}"
        ),
        assignees=selectors.level_one_assignees(transfer=transfer),
    )


def resolve_escalations(*, actor: User, transfer: CinTransfer, kinds: list[str], resolution: str) -> None:
    """What these escalations were about is settled: close every open one of these kinds about the
    transfer, whoever it is assigned to (DESIGN §10), as the system, with the reason recorded."""
    core.escalations_close_for(
        subject=transfer,
        kinds=kinds,
        resolution=resolution,
        rationale=f"{resolution} by {actor} on {date_text(timezone.localdate())} (transfer {transfer.reference}).",
    )
