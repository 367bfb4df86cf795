"""Every write in information governance, split by use case. Keyword-only, atomic,
permission-checked, with a history change reason; notifications go out on commit through the core.

Other apps call `from sharing import services as sharing` and `sharing.consent_record(...)`: every
public name stays importable from here.
"""

from sharing.services.advice import (
    sharing_decision_record_advice,
    sharing_decision_request_advice,
    sharing_decision_withdraw_advice_request,
)
from sharing.services.agreements import AgreementDetails, agreement_save
from sharing.services.consent import (
    ConsentDetails,
    consent_draft_save,
    consent_errors,
    consent_record,
    consent_withdraw,
)
from sharing.services.decisions import (
    QUESTION_FIELDS,
    SharedDetails,
    SharingRequest,
    sharing_decision_amend,
    sharing_decision_answer,
    sharing_decision_complete,
    sharing_decision_record,
    sharing_decision_request_change,
    sharing_decision_start,
)
from sharing.services.privacy_notices import (
    privacy_notice_create_for_relationship,
    privacy_notice_mark_exempt,
    privacy_notice_mark_provided,
)
from sharing.services.sweeps import privacy_notice_escalate_overdue, privacy_notice_send_reminders

__all__ = [
    "QUESTION_FIELDS",
    "AgreementDetails",
    "ConsentDetails",
    "SharedDetails",
    "SharingRequest",
    "agreement_save",
    "consent_draft_save",
    "consent_errors",
    "consent_record",
    "consent_withdraw",
    "privacy_notice_create_for_relationship",
    "privacy_notice_escalate_overdue",
    "privacy_notice_mark_exempt",
    "privacy_notice_mark_provided",
    "privacy_notice_send_reminders",
    "sharing_decision_amend",
    "sharing_decision_answer",
    "sharing_decision_record_advice",
    "sharing_decision_request_advice",
    "sharing_decision_withdraw_advice_request",
    "sharing_decision_complete",
    "sharing_decision_record",
    "sharing_decision_request_change",
    "sharing_decision_start",
]
