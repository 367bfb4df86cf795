"""Every write in transfers, one module per use case. Keyword-only, typed, atomic, permission-checked,
with a history change reason; decisions two people can race for are taken under a row lock and the
FSM's `can_proceed`, so the second gets `InvalidTransition` with a message it can show.
Notifications go through the core (`portal.services.notify`, which emails on commit).

Callers use `from transfers import services` and `services.<name>`: the names below are the public
ones, wherever they live.

* `start`: starting a transfer, its move details and the Case Transfer Summary
* `agreement`: the family's agreement to the referral
* `documents`: the CIN plan, minutes and other documents
* `refer`: referring the case (consent and the decision to share recorded; the clock starts)
* `decide`: the receiving authority's acknowledgement, acceptance, decline, and the dispute's resolution
* `withdraw`: the sending authority withdrawing a transfer
* `family`: what the family was told
* `sweeps`: the decision clock's escalations
* `requests`: transfer requests from a receiving team
"""

from portal.services import InvalidTransition
from transfers.services.agreement import FamilyAgreementDetails, transfer_record_family_agreement
from transfers.services.decide import (
    transfer_accept,
    transfer_acknowledge,
    transfer_decline,
    transfer_preview_viewed,
    transfer_resolve_dispute,
)
from transfers.services.documents import DocumentDetails, transfer_document_add, transfer_document_remove
from transfers.services.family import FamilyUpdateDetails, family_update_record
from transfers.services.refer import transfer_refer
from transfers.services.requests import (
    RequestDetails,
    transfer_request_create,
    transfer_request_decline,
    transfer_request_start_transfer,
)
from transfers.services.start import (
    CaseTransferSummary,
    MoveDetails,
    transfer_save_summary,
    transfer_start,
    transfer_update_move,
)
from transfers.services.sweeps import transfer_escalate_overdue
from transfers.services.withdraw import transfer_withdraw

__all__ = [
    "CaseTransferSummary",
    "DocumentDetails",
    "FamilyAgreementDetails",
    "FamilyUpdateDetails",
    "InvalidTransition",
    "MoveDetails",
    "RequestDetails",
    "family_update_record",
    "transfer_accept",
    "transfer_acknowledge",
    "transfer_decline",
    "transfer_document_add",
    "transfer_document_remove",
    "transfer_escalate_overdue",
    "transfer_preview_viewed",
    "transfer_record_family_agreement",
    "transfer_refer",
    "transfer_request_create",
    "transfer_request_decline",
    "transfer_request_start_transfer",
    "transfer_resolve_dispute",
    "transfer_save_summary",
    "transfer_start",
    "transfer_update_move",
    "transfer_withdraw",
]
