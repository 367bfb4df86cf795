"""Checks more than one sharing-decision service makes before it changes a decision."""

from portal.access import require
from portal.models import User
from portal.services import InvalidTransition
from sharing.models import SharingDecision


def require_open_decision(decision: SharingDecision, actor: User) -> None:
    """Only the person making a decision changes it, and only while it is a draft or has its advice."""
    require(decision.made_by_id == actor.pk, "Only the person making this decision can change it.")
    if decision.status not in (SharingDecision.Status.DRAFT, SharingDecision.Status.ADVICE_GIVEN):
        raise InvalidTransition(f"This decision is {decision.get_status_display().lower()}: it cannot be changed.")
