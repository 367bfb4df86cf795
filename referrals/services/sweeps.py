"""The screening clock's sweep (registered in `apps.py`, run by `portal.sweeps`). It reads only the
screenings whose escalation at a level is still to be raised (one query per level), and raises them
a batch at a time in bulk (issue 14): a repeat run that changes nothing costs two queries."""

from datetime import date

from django.db import transaction

from portal import policies
from portal import services as core
from portal.models import Escalation, Team
from referrals import clocks, notices
from referrals.models import Screening

KIND = Escalation.Kind.SCREENING_OVERDUE


def screening_escalate_overdue(*, today: date) -> dict[str, int]:
    """Sweep: a screening overdue goes to the MAST team managers of its authority (level 1); still
    unscreened a working day after the due date, to its Caldicott Guardian and lead information
    officer (level 2). Idempotent: each (screening, level) is raised once, however often it runs; a
    run missed while the worker was down catches up, level 2 with level 1."""
    unscreened = (
        Screening.objects.filter(outcome="").select_related("referral__child", "authority").order_by("due_on", "pk")
    )
    levels = [
        (
            Escalation.Level.TEAM_MANAGER,
            unscreened.filter(due_on__lt=today),
            core.once_per(
                lambda s: s.authority_id,
                lambda s: policies.managers_of(organisation=s.authority, team_kinds=[Team.Kind.MAST]),
            ),
        ),
        (
            Escalation.Level.SENIOR,
            unscreened.filter(due_on__lte=clocks.level_two_due_on_or_before(today)),
            core.once_per(lambda s: s.authority_id, lambda s: policies.reviewers_of(s.authority)),
        ),
    ]
    raised = 0
    for level, due, assignees in levels:
        first_level = level == Escalation.Level.TEAM_MANAGER
        for batch in core.due_batches(core.without_escalation(due, kind=KIND, level=level)):
            with transaction.atomic():
                done = core.escalations_raise_many(
                    core.EscalationDue(
                        subject=screening,
                        kind=KIND,
                        level=level,
                        organisation=screening.authority,
                        summary=notices.screening_overdue(screening=screening, first_level=first_level),
                        assignees=assignees(screening),
                        child=screening.referral.child,
                    )
                    for screening in batch
                )
            raised += len(done)
            if not done:
                break
    return {"escalations_raised": raised}
