"""The intelligence clock's sweep (DESIGN §7), run by the core's scheduler."""

from datetime import date
from typing import cast

from django.db import transaction
from django.utils import timezone

from intelligence import selectors
from intelligence.models import IntelligenceItem
from portal import services as core
from portal.models import Escalation
from portal.text import date_text

KIND = Escalation.Kind.INTELLIGENCE_NOT_ASSESSED


def _summary(item: IntelligenceItem) -> str:
    # What is late and where to act: never what the intelligence says, nor whom it is about.
    return (
        f"Exploitation intelligence {item.reference} was submitted on "
        f"{date_text(timezone.localdate(item.submitted_at))} and was due to be assessed by "
        f"{date_text(cast(date, item.assess_due_on))}. It has not been. The item: {item.get_absolute_url()}"
    )


def intelligence_escalate_unassessed(*, today: date) -> dict[str, int]:
    """Sweep: an item not assessed within one working day goes to the managers of the Child
    Exploitation team of its authority (worked out once per authority), a batch per transaction.
    Idempotent: each item is raised once however often it runs; assessing it closes the escalation."""
    assignees = core.once_per(
        lambda item: item.authority_id, lambda item: selectors.ce_managers(authority=item.authority_id)
    )
    due = core.without_escalation(
        selectors.items_overdue_for_assessment(today=today), kind=KIND, level=Escalation.Level.TEAM_MANAGER
    )
    raised = 0
    for batch in core.due_batches(due):
        with transaction.atomic():
            done = core.escalations_raise_many(
                core.EscalationDue(
                    subject=item,
                    kind=KIND,
                    level=Escalation.Level.TEAM_MANAGER,
                    organisation=item.authority,
                    summary=_summary(item),
                    assignees=assignees(item),
                    child=None,  # the escalation must not show whom the intelligence is about
                )
                for item in batch
            )
        raised += len(done)
        if not done:
            break
    return {"unassessed_raised": raised}
