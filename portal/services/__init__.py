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
* `sweeps` — the core's sweeps (expired access, unsent emails)
"""

# Read helpers other apps call through the core's services; they live in `portal.selectors`.
from portal.selectors import escalation_can_act, escalation_reviewers
from portal.services.access_log import access_event_record, emergency_access_grant
from portal.services.children import (
    ChildDetails,
    child_allocate,
    child_create,
    child_responsibility_transfer,
    child_update,
)
from portal.services.errors import InvalidTransition
from portal.services.escalations import escalation_acknowledge, escalation_raise, escalation_resolve
from portal.services.grants import LEVEL_PERMISSIONS, child_access_grant, child_access_revoke
from portal.services.notifications import (
    NotifiedOutsideTransaction,
    TemporaryEmailFailure,
    notification_email_queue,
    notification_email_send,
    notification_mark_read,
    notify,
    notify_each,
)
from portal.services.people import PersonDetails, RelationshipDetails, person_add_to_child, person_update
from portal.services.sweeps import child_access_expire_due, notification_emails_resend_unsent

__all__ = [
    "LEVEL_PERMISSIONS",
    "ChildDetails",
    "InvalidTransition",
    "PersonDetails",
    "RelationshipDetails",
    "access_event_record",
    "child_access_expire_due",
    "child_access_grant",
    "child_access_revoke",
    "child_allocate",
    "child_create",
    "child_responsibility_transfer",
    "child_update",
    "emergency_access_grant",
    "escalation_acknowledge",
    "escalation_can_act",
    "escalation_raise",
    "escalation_resolve",
    "escalation_reviewers",
    "notification_email_queue",
    "notification_email_send",
    "notification_emails_resend_unsent",
    "notification_mark_read",
    "notify",
    "NotifiedOutsideTransaction",
    "TemporaryEmailFailure",
    "notify_each",
    "person_add_to_child",
    "person_update",
]
