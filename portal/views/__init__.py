"""The core's pages, one module per area (`urls.py` names each view through this package).

* `children` — home, dashboard, children and people, the child's picture, access and emergency access
* `work`     — notifications, escalations and the review queue
"""

from portal.views.children import (
    child_access,
    child_access_log,
    child_allocate,
    child_create,
    child_detail,
    child_edit,
    child_family,
    child_involved,
    child_list,
    child_timeline,
    dashboard,
    emergency_access,
    home,
    person_add,
    person_edit,
)
from portal.views.work import (
    escalation_detail,
    escalation_list,
    notification_list,
    notification_open,
    review_queue,
)

__all__ = [
    "child_access",
    "child_access_log",
    "child_allocate",
    "child_create",
    "child_detail",
    "child_edit",
    "child_family",
    "child_involved",
    "child_list",
    "child_timeline",
    "dashboard",
    "emergency_access",
    "escalation_detail",
    "escalation_list",
    "home",
    "notification_list",
    "notification_open",
    "person_add",
    "person_edit",
    "review_queue",
]
