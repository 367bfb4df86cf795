"""The shared core: people who use the portal, where they work, the children and families they
work with, and the cross-cutting records every workflow uses (escalations, notifications, access).

Models hold data, constraints and allowed transitions only; every write goes through
`portal.services`. One app label (`portal`), one migration history: the modules below are how the
models are filed, and every model is imported here, so `from portal.models import Child` is the
way to reach any of them.

* `organisations` — organisations, users, teams, team membership and the roles
* `children` — children, their guardian permission rows, people and relationships
* `escalations` — escalations and who is assigned to them
* `notifications` — the inbox
* `access` — the access log and the access-grant ledger
* `sweeps` — each sweep's lock and last successful run
"""

# The models register in this order, the order they were always defined in.
# isort: off
from portal.models.organisations import Organisation, Role, Team, TeamMembership, User
from portal.models.children import (
    Child,
    ChildGroupObjectPermission,
    ChildUserObjectPermission,
    Person,
    Relationship,
    Tier,
)
from portal.models.escalations import Escalation, EscalationAssignment
from portal.models.notifications import Notification
from portal.models.access import AccessEvent, ChildAccessGrant
from portal.models.sweeps import SweepRun
# isort: on

__all__ = [
    "AccessEvent",
    "Child",
    "ChildAccessGrant",
    "ChildGroupObjectPermission",
    "ChildUserObjectPermission",
    "Escalation",
    "EscalationAssignment",
    "Notification",
    "Organisation",
    "Person",
    "Relationship",
    "Role",
    "SweepRun",
    "Team",
    "TeamMembership",
    "Tier",
    "User",
]
