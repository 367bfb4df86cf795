"""Who may answer data protection rights requests: the lead information officers of the
organisation that holds the record (the policy module asks `portal.policies`)."""

from portal import policies as core_policies
from portal.models import Role, User


def may_answer(user: User) -> bool:
    """A lead information officer of an organisation answers its subject access requests."""
    return (
        getattr(user, "is_authenticated", False)
        and user.organisation_id is not None
        and core_policies.has_role(user, Role.LEAD_INFORMATION_OFFICER.value)
    )
