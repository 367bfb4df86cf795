"""The receiving authority's decision: the preview, the acknowledgement, accepting (case
responsibility moves) or declining (a dispute opens at once), and how a dispute is resolved. Two
managers can race for a decision: it is taken under the row lock, and the second is told who was
first."""

from dataclasses import fields

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed
from guardian.shortcuts import remove_perm

from portal import services as core
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Escalation, Team, Tier, User
from portal.services import ChildDetails, InvalidTransition
from transfers import selectors
from transfers.models import CinTransfer
from transfers.services.common import grant, locked, tell
from transfers.services.escalations import open_dispute, resolve_escalations


def transfer_preview_viewed(*, actor: User, transfer: CinTransfer) -> None:
    """The receiving side read the preview (the child's identity and the Case Transfer Summary): it
    goes in the child's access log like any other look at their information."""
    if selectors.is_receiving_side(actor, transfer) and selectors.can_view(actor, transfer):
        core.access_event_record(
            user=actor, child=transfer.child, basis=f"Preview of Child in Need transfer {transfer.reference}"
        )


def transfer_acknowledge(*, actor: User, transfer: CinTransfer) -> CinTransfer:
    """The receiving authority confirms it has the referral (the clock keeps running)."""
    _require(
        selectors.can_view(actor, transfer) and selectors.is_receiving_side(actor, transfer),
        "Only the receiving authority acknowledges a transfer.",
    )
    with transaction.atomic():
        transfer = locked(transfer)
        if not can_proceed(transfer.acknowledge):
            raise InvalidTransition(selectors.decided_message(transfer))
        transfer.acknowledge(by=actor, at=timezone.now())
        _save(transfer, reason="Acknowledged by the receiving authority", by=actor)
        referred_by = transfer.referred_by
        if referred_by is not None:
            tell(
                [referred_by],
                transfer=transfer,
                event="acknowledged",
                subject=f"Transfer {transfer.reference} acknowledged",
                body=f"{actor} ({transfer.receiving_authority}) has acknowledged the referral.",
            )
    return transfer


def _check_decider(actor: User, transfer: CinTransfer, team: Team | None) -> None:
    _require(
        selectors.can_decide(actor, transfer),
        "Only a team manager in the receiving authority can accept or decline this transfer.",
    )
    if team is not None:
        _require(
            selectors.decision_teams(user=actor, transfer=transfer).filter(pk=team.pk).exists(),
            "You can accept a transfer only for a team you manage in the receiving authority.",
        )


def _decision_errors(team: Team | None, worker: User | None, level_of_need: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if team is None:
        errors["team"] = "Choose the team taking case responsibility"
    if level_of_need not in Tier.values:
        errors["level_of_need"] = "Choose the level of risk or need you have decided on"
    if worker is not None and team is not None and not team.memberships.filter(user=worker).exists():
        errors["worker"] = "Choose a worker who is a member of the team"
    return errors


def _move_responsibility(
    *, actor: User, transfer: CinTransfer, team: Team, worker: User | None, level_of_need: int
) -> None:
    """Case responsibility moves at the receiving authority's decision: the allocation and its
    grants go to the receiving team. The sending team keeps read access to the package it sent (the
    transfer, its summary, documents and family log, through its permission on the transfer), not to
    the live child record (DESIGN §5)."""
    child = core.child_responsibility_transfer(
        child=transfer.child,
        team=team,
        worker=worker,
        actor=actor,
        reason=f"Transfer {transfer.reference} accepted by {team.organisation}",
    )
    # The child's record follows the decision: the level of need decided and, for a permanent move
    # (or one not known, which is treated as permanent), where the child now lives.
    details = {name.name: getattr(child, name.name) for name in fields(ChildDetails)}
    details["tier"] = level_of_need
    if transfer.treated_as_permanent:
        details["local_authority"] = transfer.receiving_authority
        if transfer.new_address:
            details["address"] = transfer.new_address
            details["postcode"] = transfer.new_postcode
    core.child_update(actor=actor, child=child, details=ChildDetails(**details))
    remove_perm("transfers.change_cintransfer", transfer.sending_team.group, transfer)
    grant(transfer, ["view_cintransfer", "change_cintransfer"], team.group)


def transfer_accept(
    *,
    actor: User,
    transfer: CinTransfer,
    team: Team,
    level_of_need: int,
    worker: User | None = None,
    notes: str = "",
) -> CinTransfer:
    """A team manager in the receiving authority accepts for their team, recording the level of
    risk or need. Case responsibility transfers from this moment."""
    _check_decider(actor, transfer, team)
    errors = _decision_errors(team, worker, level_of_need)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        transfer = locked(transfer)
        if not can_proceed(transfer.accept):
            raise InvalidTransition(selectors.decided_message(transfer))
        transfer.accept(by=actor, at=timezone.now(), team=team, level_of_need=level_of_need, notes=notes.strip())
        _save(transfer, reason=f"Accepted by {team.name}", by=actor)
        _move_responsibility(actor=actor, transfer=transfer, team=team, worker=worker, level_of_need=level_of_need)
        resolve_escalations(
            actor=actor,
            transfer=transfer,
            kinds=[Escalation.Kind.TRANSFER_DECISION_OVERDUE],
            resolution="Transfer accepted",
        )
        tell(
            selectors.sending_side_recipients(transfer=transfer),
            transfer=transfer,
            event="accepted",
            subject=f"Transfer {transfer.reference} accepted",
            body=(
                f"{transfer.receiving_authority} ({team.name}) accepted the transfer: case responsibility has moved "
                "to them. Your team keeps read access to what it sent."
            ),
        )
    return transfer


def transfer_decline(*, actor: User, transfer: CinTransfer, reason: str) -> CinTransfer:
    """Decline with a reason: a dispute and its escalation open at once."""
    _check_decider(actor, transfer, None)
    if not reason.strip():
        raise ValidationError({"reason": "Explain why the transfer is declined"})
    with transaction.atomic():
        transfer = locked(transfer)
        if not can_proceed(transfer.decline):
            raise InvalidTransition(selectors.decided_message(transfer))
        transfer.decline(by=actor, at=timezone.now(), reason=reason.strip())
        _save(transfer, reason="Declined by the receiving authority", by=actor)
        open_dispute(transfer)
        resolve_escalations(
            actor=actor,
            transfer=transfer,
            kinds=[Escalation.Kind.TRANSFER_DECISION_OVERDUE],
            resolution="Transfer declined (now disputed)",
        )
        tell(
            selectors.sending_side_recipients(transfer=transfer),
            transfer=transfer,
            event="declined",
            subject=f"Transfer {transfer.reference} declined: a dispute is open",
            body=(
                f"{transfer.receiving_authority} declined the transfer. Case responsibility stays with your "
                "authority while the dispute goes through the escalation procedure."
            ),
        )
    return transfer


def transfer_resolve_dispute(
    *,
    actor: User,
    transfer: CinTransfer,
    resolution: str,
    rationale: str,
    team: Team | None = None,
    worker: User | None = None,
    level_of_need: int | None = None,
) -> CinTransfer:
    """Record how the dispute was settled. When the receiving authority takes the case, a manager of
    the receiving team records it, with the level of need, and responsibility moves as on acceptance."""
    errors: dict[str, str] = {}
    if resolution not in CinTransfer.Resolution.values:
        errors["resolution"] = "Choose how the dispute was resolved"
    if not rationale.strip():
        errors["rationale"] = "Record the rationale for the resolution"
    receiving_accepts = resolution == CinTransfer.Resolution.RECEIVING_ACCEPTS
    if receiving_accepts:
        _check_decider(actor, transfer, team)
        errors |= _decision_errors(team, worker, level_of_need)
    else:
        _require(selectors.can_resolve_dispute(actor, transfer), "You cannot resolve this dispute.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        transfer = locked(transfer)
        if not can_proceed(transfer.resolve):
            raise InvalidTransition(selectors.decided_message(transfer))
        transfer.resolve(
            by=actor,
            at=timezone.now(),
            resolution=resolution,
            rationale=rationale.strip(),
            team=team if receiving_accepts else None,
            level_of_need=level_of_need if receiving_accepts else None,
        )
        _save(transfer, reason=f"Dispute resolved: {transfer.get_resolution_display()}", by=actor)
        # Taking the case was checked above to come with a team and a level of need.
        if receiving_accepts and team is not None and level_of_need is not None:
            _move_responsibility(actor=actor, transfer=transfer, team=team, worker=worker, level_of_need=level_of_need)
        resolve_escalations(
            actor=actor,
            transfer=transfer,
            kinds=[Escalation.Kind.TRANSFER_DISPUTED, Escalation.Kind.TRANSFER_DECISION_OVERDUE],
            resolution=transfer.get_resolution_display(),
        )
        tell(
            [*selectors.sending_side_recipients(transfer=transfer), *selectors.receiving_managers(transfer=transfer)],
            transfer=transfer,
            event="resolved",
            subject=f"Transfer {transfer.reference}: dispute resolved",
            body=f"{actor} recorded the outcome: {transfer.get_resolution_display().lower()}.",
        )
    return transfer
