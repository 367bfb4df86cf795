"""Transfer requests: a receiving team that learned of a child from another area asks the sending
authority to refer the case, which answers by referring or by explaining why not."""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django_fsm import can_proceed
from guardian.shortcuts import assign_perm

from portal import rules as core_rules
from portal import services as core
from portal.access import require as _require
from portal.history import save as _save
from portal.models import Child, Organisation, Team, User
from portal.services import InvalidTransition
from transfers import selectors
from transfers.models import CinTransfer, TransferRequest
from transfers.services.start import MoveDetails, transfer_start


@dataclass(frozen=True)
class RequestDetails:
    requesting_team: Team
    sending_authority: Organisation
    child_first_name: str
    child_last_name: str
    how_learned: str
    child_date_of_birth: date | None = None
    child_nhs_number: str = ""
    child_address: str = ""


def _request_errors(details: RequestDetails, requesting_authority_id: int) -> dict[str, str]:
    errors: dict[str, str] = {}
    sending = details.sending_authority
    if sending is None or not sending.is_local_authority:
        errors["sending_authority"] = "Choose the local authority the child has come from"
    elif sending.pk == requesting_authority_id:
        errors["sending_authority"] = "Choose another local authority: the child's case is held elsewhere"
    if not details.child_first_name.strip():
        errors["child_first_name"] = "Enter the child's first name"
    if not details.child_last_name.strip():
        errors["child_last_name"] = "Enter the child's last name"
    if details.child_nhs_number and not core_rules.nhs_number_is_valid(details.child_nhs_number):
        errors["child_nhs_number"] = "Enter a valid NHS number, like 943 476 5919"
    if details.child_date_of_birth and details.child_date_of_birth > timezone.localdate():
        errors["child_date_of_birth"] = "The date must be today or in the past"
    if not details.how_learned.strip():
        errors["how_learned"] = "Say how you learned of the child"
    return errors


def transfer_request_create(
    *, actor: User, details: RequestDetails, source: models.Model | None = None
) -> TransferRequest:
    """A receiving team asks the sending authority for a transfer. `source` is the record it learned
    of the child from (a MAST alert, for one), when there is one."""
    _require(actor.has_perm("transfers.add_transferrequest"), "You cannot ask for transfers.")
    team = details.requesting_team
    _require(
        team is not None and team.memberships.filter(user=actor).exists() and team.organisation.is_local_authority,
        "Ask for a transfer from a local authority team you belong to.",
    )
    errors = _request_errors(details, team.organisation_id)
    if errors:
        raise ValidationError(errors)
    sending = details.sending_authority
    nhs = core_rules.normalise_nhs_number(details.child_nhs_number)
    matched = (
        Child.objects.filter(nhs_number=nhs, allocated_team__organisation=sending)
        .select_related("allocated_team")
        .first()
        if nhs
        else None
    )
    with transaction.atomic():
        request = TransferRequest(
            requesting_team=team,
            requesting_authority=team.organisation,
            sending_authority=sending,
            child_first_name=details.child_first_name.strip(),
            child_last_name=details.child_last_name.strip(),
            child_date_of_birth=details.child_date_of_birth,
            child_nhs_number=nhs,
            child_address=details.child_address.strip(),
            how_learned=details.how_learned.strip(),
            child=matched,
            requested_by=actor,
        )
        if source is not None:
            request.source_type = ContentType.objects.get_for_model(source)
            request.source_id = source.pk
        _save(request, reason="Transfer requested", by=actor)
        assign_perm("transfers.view_transferrequest", team.group, request)
        recipients = list(selectors.request_sending_recipients(request=request))
        for user in recipients:
            assign_perm("transfers.view_transferrequest", user, request)
            assign_perm("transfers.change_transferrequest", user, request)
        for user in recipients:
            core.notify(
                recipient=user,
                event_key=f"transfer-request:{request.pk}:made",
                subject=f"{team.organisation} asks for a Child in Need transfer ({request.reference})",
                body=(
                    f"{team.name} in {team.organisation} learned of a child from your area "
                    "and asks you to refer the case."
                ),
                link=request.get_absolute_url(),
            )
    return request


def transfer_request_start_transfer(
    *, actor: User, request: TransferRequest, child: Child, move: MoveDetails
) -> CinTransfer:
    """Answer a request by starting the referral: a draft transfer to the requesting team, which is
    referred in the usual way (the request is answered when it is)."""
    _require(selectors.can_answer_request(actor, request), "You cannot answer this request.")
    move = MoveDetails(
        receiving_authority=request.requesting_authority,
        receiving_team=request.requesting_team,
        move_date=move.move_date,
        move_kind=move.move_kind,
        new_address=move.new_address,
        new_postcode=move.new_postcode,
    )
    return transfer_start(actor=actor, child=child, move=move, request=request)


def transfer_request_decline(*, actor: User, request: TransferRequest, explanation: str) -> TransferRequest:
    """Answer a request by explaining why the case is not being referred."""
    _require(selectors.can_answer_request(actor, request), "You cannot answer this request.")
    if not explanation.strip():
        raise ValidationError({"explanation": "Explain why you are not referring the case"})
    with transaction.atomic():
        request = TransferRequest.objects.select_for_update().get(pk=request.pk)
        if not can_proceed(request.decline):
            raise InvalidTransition(f"This request has already been answered: {request.get_state_display().lower()}.")
        request.decline(by=actor, at=timezone.now(), explanation=explanation.strip())
        _save(request, reason="Answered: no referral", by=actor)
        core.notify(
            recipient=request.requested_by,
            event_key=f"transfer-request:{request.pk}:declined",
            subject=f"Your transfer request {request.reference} has been answered",
            body=f"{request.sending_authority} is not referring the case and has explained why.",
            link=request.get_absolute_url(),
        )
    return request
