"""Every write for Early Intervention plan moves (guidance 6.2), one module per use case.
Keyword-only, typed, atomic, with the row locked where two people can race, the permission checked,
a history change reason, and people told through the core (`portal.services.notify`, which emails on
commit).

The lead professional records the move; the agencies on the plan (the teams that use the portal) may
see it and confirm their own part; the outcome follows `early_intervention.rules.decide`, and each
outcome starts its own next steps: the agreed transfer plan, the Early Intervention plan update, the
agencies' records checklist, or a MAST referral created from the move without retyping.

Callers use `from early_intervention import services` and `services.<name>`:

* `record`: recording a move, and the agencies' named contacts
* `meeting`: the multi-agency meeting and its outcome, and the plan update it may call for
* `follow_up`: each outcome's next steps, and the move completed when its referral is sent
* `plan_items`: the agreed transfer plan, each item sent recorded as a decision to share
* `records_checks`: the agencies' records checklist
* `withdraw`: withdrawing a move
* `sweeps`: overdue referrals and plan items escalated
"""

from early_intervention.services.follow_up import move_consent_withdrawn, move_referral_sent
from early_intervention.services.meeting import MeetingDetails, move_meeting_record, move_plan_update_confirm
from early_intervention.services.plan_items import PlanItemDetails, plan_item_add, plan_item_done
from early_intervention.services.record import MoveConsent, MoveRecord, agency_contact_update, move_record
from early_intervention.services.records_checks import checklist_confirm_forwarded, checklist_confirm_records
from early_intervention.services.sweeps import move_escalate_overdue
from early_intervention.services.withdraw import move_withdraw
from portal.services import InvalidTransition

__all__ = [
    "InvalidTransition",
    "MeetingDetails",
    "MoveConsent",
    "MoveRecord",
    "PlanItemDetails",
    "agency_contact_update",
    "checklist_confirm_forwarded",
    "checklist_confirm_records",
    "move_consent_withdrawn",
    "move_escalate_overdue",
    "move_meeting_record",
    "move_plan_update_confirm",
    "move_record",
    "move_referral_sent",
    "move_withdraw",
    "plan_item_add",
    "plan_item_done",
]
