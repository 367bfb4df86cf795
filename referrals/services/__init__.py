"""Every write for MAST referrals, screening and alerts, one module per use case. Keyword-only,
typed, atomic, with the row locked where two people can race, the permission checked, a history
change reason, and people told on commit through the core (`portal.services.notify`).

* `drafts`    — starting a draft and saving its sections
* `child`     — the child it is about, including a record found by typed details (a matched child)
* `consent`   — the consent step, from the draft's answers to the `ConsentRecord` on sending
* `submit`    — sending it to MAST, with the sharing decision and the `referral_sent` signal
* `screening` — screening, checks with other agencies, and the outcome (or passing it on)
* `sweeps`    — the screening clock's escalations
* `alerts`    — alerts to MAST
* `mast`      — what reaching a MAST team does (shared by sending and passing on)

Other apps call these through the package (`from referrals import services`), so the names below
are the API; reads are in `referrals.selectors`, who-may-do-what in `referrals.policies`.
"""

from referrals.policies import alert_kinds_for, can_act_on_alert, can_refer_about, can_screen
from referrals.rules import given_identity
from referrals.services.alerts import (
    AlertDetails,
    alert_acknowledge,
    alert_close,
    alert_link_child,
    alert_link_referral,
    alert_link_transfer,
    alert_raise,
)
from referrals.services.child import referral_choose_child, referral_choose_matched_child, referral_create_child
from referrals.services.drafts import SECTION_FIELDS, referral_start, referral_update
from referrals.services.mast import MAST_RECIPIENT_NAME
from referrals.services.screening import (
    CheckDetails,
    screening_check_record,
    screening_outcome_record,
    screening_start,
)
from referrals.services.submit import IncompleteReferral, referral_submit
from referrals.services.sweeps import screening_escalate_overdue

__all__ = [
    "MAST_RECIPIENT_NAME",
    "SECTION_FIELDS",
    "AlertDetails",
    "CheckDetails",
    "IncompleteReferral",
    "alert_acknowledge",
    "alert_close",
    "alert_kinds_for",
    "alert_link_child",
    "alert_link_referral",
    "alert_link_transfer",
    "alert_raise",
    "can_act_on_alert",
    "can_refer_about",
    "can_screen",
    "given_identity",
    "referral_choose_child",
    "referral_choose_matched_child",
    "referral_create_child",
    "referral_start",
    "referral_submit",
    "referral_update",
    "screening_check_record",
    "screening_escalate_overdue",
    "screening_outcome_record",
    "screening_start",
]
