"""Who may answer data protection rights requests: the lead information officers (their role holds
the permission: migration 0003) of the organisation that holds the record."""

from portal import policies as core_policies
from portal.models import User

PERMISSION = "subject_rights.add_subjectaccessrequest"


def may_answer(user: User) -> bool:
    """A lead information officer of an organisation answers its subject access requests. Asks
    `has_perm`, which the request has already loaded for the navigation: no query more per page."""
    return bool(getattr(user, "is_authenticated", False) and user.organisation_id and user.has_perm(PERMISSION))


def may_oversee(user: User) -> bool:
    """The organisation's Caldicott Guardians (and its lead information officers) read its requests:
    an overdue request escalates to them, and they open it from the escalation. Only an officer
    answers it (`may_answer`)."""
    return bool(getattr(user, "is_authenticated", False) and core_policies.is_reviewer(user))
