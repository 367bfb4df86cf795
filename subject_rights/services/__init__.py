"""Every write in data protection rights (issue 17), by use case: keyword-only, typed, atomic,
permission-checked, with a history change reason.

* `requests` — opening, extending, deciding what is withheld or redacted, and releasing a bundle
* `rights` — rectification and restriction of a child's record
* `sweeps` — reminders before a request is due, escalation once it is overdue
"""

from subject_rights.services.requests import (
    SubjectAccessDetails,
    subject_access_extend,
    subject_access_item_release,
    subject_access_item_withhold,
    subject_access_open,
    subject_access_party_decide,
    subject_access_release,
)
from subject_rights.services.rights import rectification_record, restriction_lift, restriction_place
from subject_rights.services.sweeps import subject_access_escalate_overdue, subject_access_send_reminders

__all__ = [
    "SubjectAccessDetails",
    "rectification_record",
    "restriction_lift",
    "restriction_place",
    "subject_access_escalate_overdue",
    "subject_access_extend",
    "subject_access_item_release",
    "subject_access_item_withhold",
    "subject_access_open",
    "subject_access_party_decide",
    "subject_access_release",
    "subject_access_send_reminders",
]
