"""Starting a transfer and drafting it: where and when the child moves, and the Case Transfer
Summary. Only the sending team sees a draft."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from portal.access import has_object_permission
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Child, Organisation, Team, Tier, User
from sharing import law
from sharing.models import InformationCategory
from sharing.rules import ConsistentIdentifier
from transfers.models import CinTransfer, TransferRequest
from transfers.services.common import draft_for_update, grant

NOT_THE_CHILDS_TEAM = "Only a member of the child's allocated team can start a transfer."


@dataclass(frozen=True)
class MoveDetails:
    receiving_authority: Organisation
    move_date: date
    move_kind: str
    receiving_team: Team | None = None
    new_address: str = ""
    new_postcode: str = ""


def _move_errors(move: MoveDetails, sending_authority_id: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    authority = move.receiving_authority
    if authority is None or not authority.is_local_authority:
        errors["receiving_authority"] = "Choose the local authority the child is moving to"
    elif authority.pk == sending_authority_id:
        errors["receiving_authority"] = "Choose another local authority: a move within your own area is not a transfer"
    if (
        move.receiving_team is not None
        and authority is not None
        and move.receiving_team.organisation_id != authority.pk
    ):
        errors["receiving_team"] = "Choose a team in the receiving authority, or leave it blank"
    if move.move_kind not in CinTransfer.MoveKind.values:
        errors["move_kind"] = "Say whether the move is permanent, temporary or not known"
    if move.move_date is None:
        errors["move_date"] = "Enter the date the child moved or will move"
    return errors


def _apply_move(transfer: CinTransfer, move: MoveDetails) -> None:
    transfer.receiving_authority = move.receiving_authority
    transfer.receiving_team = move.receiving_team
    transfer.move_date = move.move_date
    transfer.move_kind = move.move_kind
    transfer.new_address = move.new_address.strip()
    transfer.new_postcode = move.new_postcode.strip().upper()


def transfer_start(
    *, actor: User, child: Child, move: MoveDetails, request: TransferRequest | None = None
) -> CinTransfer:
    """The child's allocated team starts a draft transfer. Only the sending team can see a draft."""
    _require(actor.has_perm("transfers.add_cintransfer"), "You cannot start transfers.")
    _require(has_object_permission(actor, "change_child", child), "You cannot start a transfer for this child.")
    team = child.allocated_team
    if team is None:
        raise PermissionDenied(NOT_THE_CHILDS_TEAM)
    _require(team.memberships.filter(user=actor).exists(), NOT_THE_CHILDS_TEAM)
    if not team.organisation.is_local_authority:
        raise ValidationError("A Child in Need transfer is made by a local authority's children's social care team")
    if child.tier < Tier.CHILD_IN_NEED:
        raise ValidationError(
            "A transfer across borders is for a Child in Need case (Tier 4) or above: record the child's level "
            "of need first"
        )
    errors = _move_errors(move, team.organisation_id)
    if errors:
        raise ValidationError(errors)
    if CinTransfer.objects.filter(child=child, state__in=CinTransfer.OPEN).exists():
        raise ValidationError("This child already has a transfer in progress")
    transfer = CinTransfer(
        child=child,
        sending_authority=team.organisation,
        sending_team=team,
        created_by=actor,
        request=request,
    )
    _apply_move(transfer, move)
    try:
        with transaction.atomic():
            _save(transfer, reason="Transfer started", by=actor)
            grant(transfer, ["view_cintransfer", "change_cintransfer"], team.group)
    except IntegrityError as error:
        raise ValidationError("This child already has a transfer in progress") from error
    return transfer


def transfer_update_move(*, actor: User, transfer: CinTransfer, move: MoveDetails) -> CinTransfer:
    errors = _move_errors(move, transfer.sending_authority_id)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        transfer = draft_for_update(actor=actor, transfer=transfer)
        _apply_move(transfer, move)
        _save(transfer, reason="Move details changed", by=actor)
    return transfer


@dataclass(frozen=True)
class CaseTransferSummary:
    reason_for_involvement: str
    current_plan: str
    risks: str
    strengths: str
    professionals_involved: str
    family_views: str
    outstanding_actions: str
    information_categories: list[str]
    sharing_reasons: str
    # The consistent identifier (s16LC): why the transfer goes without the NHS number, if it does.
    identifier: ConsistentIdentifier = ConsistentIdentifier()


SUMMARY_MESSAGES = {
    "reason_for_involvement": "Enter the reason for children's social care involvement",
    "current_plan": "Enter the current plan",
    "risks": "Enter the risks",
    "strengths": "Enter the family's strengths",
    "professionals_involved": "Enter the professionals involved",
    "family_views": "Enter the family's views",
    "outstanding_actions": "Enter the outstanding actions, or say there are none",
    "sharing_reasons": "Say why you are sharing this information with the receiving authority",
}


def transfer_save_summary(*, actor: User, transfer: CinTransfer, summary: CaseTransferSummary) -> CinTransfer:
    errors = {name: message for name, message in SUMMARY_MESSAGES.items() if not getattr(summary, name).strip()}
    categories = list(dict.fromkeys(summary.information_categories))
    if not categories:
        errors["information_categories"] = "Choose the kinds of information the summary and documents contain"
    elif set(categories) - set(InformationCategory.values):
        errors["information_categories"] = "Choose from the kinds of information listed"
    try:
        identifier = law.identifier_require(
            known_nhs_number=transfer.child.nhs_number,
            omitted_reason=summary.identifier.omitted_reason,
            explanation=summary.identifier.explanation,
        )
    except ValidationError as problems:
        errors |= {name: messages[0] for name, messages in problems.message_dict.items()}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        transfer = draft_for_update(actor=actor, transfer=transfer)
        for name in SUMMARY_MESSAGES:
            setattr(transfer, name, getattr(summary, name).strip())
        transfer.information_categories = categories
        law.identifier_apply(record=transfer, identifier=identifier)
        _save(transfer, reason="Case Transfer Summary saved", by=actor)
    return transfer
