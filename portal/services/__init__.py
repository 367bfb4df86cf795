"""Every write in the core, by use case. Keyword-only, typed, atomic, permission-checked, with a
history change reason; notifications and tasks are enqueued on commit.

Other apps call these as `from portal import services as core; core.notify(...)`: every public
name is re-exported here, so where a function lives inside the package is the core's own business.

* `children` — recording a child, editing, allocating, moving case responsibility
* `people` — people in a child's life and their relationships
* `grants` — the access-grant ledger behind every guardian permission on a child
* `access_log` — the record-access log and emergency (break-glass) access
* `escalations` — raising, acknowledging and resolving escalations
* `notifications` — inbox items and their emails
* `batches` — escalations and notifications written in bulk, for the sweeps
* `sweeps` — the core's sweeps (expired access, unsent emails)
* `teams` — team membership (and the team's access with it), deactivating accounts
"""

# Read helpers other apps call through the core's services; they live in `portal.selectors`.
from portal.selectors import escalation_can_act, escalation_reviewers, without_escalation
from portal.services.access_log import (
    access_event_record,
    access_events_record,
    access_events_record_for_children,
    child_duplicate_match_report,
    emergency_access_grant,
    emergency_access_search,
)
from portal.services.batches import (
    EscalationDue,
    NotificationDue,
    due_batches,
    escalations_raise_many,
    notify_many,
    once_per,
)
from portal.services.break_glass import Finding, emergency_access_end, emergency_access_review
from portal.services.children import (
    ChildDetails,
    child_allocate,
    child_create,
    child_hand_on,
    child_responsibility_transfer,
    child_update,
    child_whereabouts_unknown_confirmed,
)
from portal.services.errors import InvalidTransition
from portal.services.escalations import (
    escalation_acknowledge,
    escalation_raise,
    escalation_resolve,
    escalations_close_finished,
    escalations_close_for,
)
from portal.services.grants import LEVEL_PERMISSIONS, child_access_grant, child_access_revoke
from portal.services.notifications import (
    NotifiedOutsideTransaction,
    TemporaryEmailFailure,
    notification_email_queue,
    notification_email_send,
    notification_emails_queue,
    notification_mark_read,
    notify,
    notify_each,
)
from portal.services.people import PersonDetails, RelationshipDetails, person_add_to_child, person_update
from portal.services.sweeps import child_access_expire_due, notification_emails_resend_unsent
from portal.services.teams import team_membership_add, team_membership_end, user_deactivate

__all__ = [
    "EscalationDue",
    "NotificationDue",
    "due_batches",
    "escalations_raise_many",
    "once_per",
    "notify_many",
    "without_escalation",
    "LEVEL_PERMISSIONS",
    "ChildDetails",
    "Finding",
    "InvalidTransition",
    "PersonDetails",
    "RelationshipDetails",
    "access_event_record",
    "access_events_record",
    "access_events_record_for_children",
    "child_access_expire_due",
    "child_access_grant",
    "child_access_revoke",
    "child_allocate",
    "child_create",
    "child_hand_on",
    "child_duplicate_match_report",
    "child_responsibility_transfer",
    "child_update",
    "child_whereabouts_unknown_confirmed",
    "emergency_access_end",
    "emergency_access_grant",
    "emergency_access_review",
    "emergency_access_search",
    "escalation_acknowledge",
    "escalation_can_act",
    "escalation_raise",
    "escalation_resolve",
    "escalation_reviewers",
    "escalations_close_finished",
    "escalations_close_for",
    "notification_email_queue",
    "notification_email_send",
    "notification_emails_queue",
    "notification_emails_resend_unsent",
    "notification_mark_read",
    "notify",
    "NotifiedOutsideTransaction",
    "TemporaryEmailFailure",
    "notify_each",
    "person_add_to_child",
    "person_update",
    "team_membership_add",
    "team_membership_end",
    "user_deactivate",
]
