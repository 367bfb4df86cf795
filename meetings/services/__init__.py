"""Every write for professionals meetings (guidance §8), one module per use case. Keyword-only, typed,
atomic, with the row locked where two people can race, the permission checked, a history change
reason, and people told through the core (`portal.services.notify`, inside the transaction).

Callers use `from meetings import services` and `services.<name>`:

* `call`: calling a meeting, its invitees told and given access through the grants ledger
* `minutes`: attendance, minutes and decisions; the minutes shared with those who attended
* `change`: changing a called meeting (date, reason, invitees, chair) and cancelling it
* `access`: the access an invitation gives, and when it ends (with the sweep that ends it on time)
* `actions`: actions with an owner and a due date, and ticking them off
* `sweeps`: overdue actions remind their owner and escalate to the chair's team managers
"""

from meetings.services.access import invitation_access_end, invitation_access_end_due, invitation_access_give
from meetings.services.actions import ActionDetails, action_add, action_done
from meetings.services.call import MeetingCall, meeting_call
from meetings.services.change import MeetingCancel, MeetingChange, meeting_cancel, meeting_change
from meetings.services.minutes import MinutesDetails, MinutesShare, meeting_minutes_record, minutes_share
from meetings.services.sweeps import action_escalate_overdue
from portal.services import InvalidTransition

__all__ = [
    "ActionDetails",
    "InvalidTransition",
    "MeetingCall",
    "MeetingCancel",
    "MeetingChange",
    "MinutesDetails",
    "MinutesShare",
    "action_add",
    "action_done",
    "action_escalate_overdue",
    "invitation_access_end",
    "invitation_access_end_due",
    "invitation_access_give",
    "meeting_cancel",
    "meeting_change",
    "meeting_call",
    "meeting_minutes_record",
    "minutes_share",
]
