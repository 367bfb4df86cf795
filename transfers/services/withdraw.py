"""The sending authority withdraws a transfer before the decision, with a reason. A draft withdrawn
because the family refused, with no child protection concerns to override that, records the
decision not to share."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from portal.access import require as _require
from portal.history import save as _save
from portal.models import Escalation, User
from portal.services import InvalidTransition
from sharing import services as sharing
from sharing.models import Purpose, SharingDecision
from transfers import selectors
from transfers.models import CinTransfer
from transfers.services.common import State, locked, tell
from transfers.services.escalations import resolve_escalations
from transfers.services.refer import record_consent


def _record_decision_not_to_share(*, actor: User, transfer: CinTransfer, reason: str) -> SharingDecision:
    """A draft withdrawn because the family refused, with no child protection concerns to override
    that: the decision not to share is recorded too (the seventh golden rule)."""
    answers = transfer.agreement_answers
    if (
        answers.given_by
        and answers.decided_on
        and transfer.consent_record is not None
        and transfer.consent_record.is_draft
    ):
        transfer.consent_record = record_consent(actor=actor, transfer=transfer)
    return sharing.sharing_decision_record(
        actor=actor,
        child=transfer.child,
        request=sharing.SharingRequest(
            requested_by="Nobody: the sending authority considered referring a Child in Need case",
            purpose=Purpose.CIN_TRANSFER,
            purpose_detail=f"Referral of a Child in Need case to {transfer.receiving_authority}",
            recipient_organisation=transfer.receiving_authority,
        ),
        answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "no"},
        reasons=(
            "The family did not agree to the referral and there are no child protection concerns that would "
            f"justify it without their agreement. {reason}"
        ),
        context=transfer,
    )


def transfer_withdraw(*, actor: User, transfer: CinTransfer, reason: str) -> CinTransfer:
    """The sending authority withdraws the transfer before a decision, with a reason."""
    _require(
        selectors.can_work_on(actor, transfer) and selectors.is_sending_side(actor, transfer),
        "Only the sending team can withdraw this transfer.",
    )
    if not reason.strip():
        raise ValidationError({"reason": "Explain why the transfer is withdrawn"})
    with transaction.atomic():
        transfer = locked(transfer)
        if not can_proceed(transfer.withdraw):
            raise InvalidTransition(selectors.decided_message(transfer))
        was_referred = transfer.state != State.DRAFT
        transfer.withdraw(by=actor, at=timezone.now(), reason=reason.strip())
        _save(transfer, reason="Withdrawn by the sending authority", by=actor)
        if (
            not was_referred
            and transfer.family_agreement == CinTransfer.FamilyAgreement.REFUSED
            and not transfer.has_protection_concerns
        ):
            transfer.sharing_decision = _record_decision_not_to_share(
                actor=actor, transfer=transfer, reason=reason.strip()
            )
            _save(transfer, reason="Decision not to share recorded", by=actor)
        resolve_escalations(
            actor=actor,
            transfer=transfer,
            kinds=[Escalation.Kind.TRANSFER_DECISION_OVERDUE, Escalation.Kind.TRANSFER_NOT_REFERRED],
            resolution="Transfer withdrawn",
        )
        if was_referred:
            tell(
                selectors.receiving_managers(transfer=transfer),
                transfer=transfer,
                event="withdrawn",
                subject=f"Transfer {transfer.reference} withdrawn",
                body=f"{transfer.sending_authority} withdrew the transfer before a decision.",
            )
    return transfer
