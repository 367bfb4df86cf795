"""The screening clock's sweep (registered in `apps.py`, run by `portal.sweeps`)."""

from datetime import date

from portal import policies
from portal import services as core
from portal.models import Escalation, Team
from referrals import clocks, notices
from referrals.models import Screening


def screening_escalate_overdue(*, today: date) -> dict[str, int]:
    """Sweep: a screening overdue goes to the MAST team managers of its authority (level 1); still
    unscreened a working day after the due date, to its Caldicott Guardian and lead information
    officer (level 2). Idempotent: each (screening, level) is raised once, however often it runs."""
    raised = 0
    overdue = Screening.objects.filter(outcome="", due_on__lt=today).select_related("referral__child", "authority")
    for screening in overdue:
        level = clocks.escalation_level(screening.due_on, today)
        for step in range(1, level + 1):
            first_level = step == Escalation.Level.TEAM_MANAGER
            if first_level:
                assignees = policies.managers_of(organisation=screening.authority, team_kinds=[Team.Kind.MAST])
            else:
                assignees = policies.reviewers_of(screening.authority)
            _, created = core.escalation_raise(
                subject=screening,
                kind=Escalation.Kind.SCREENING_OVERDUE,
                level=step,
                organisation=screening.authority,
                summary=notices.screening_overdue(screening=screening, first_level=first_level),
                assignees=list(assignees),
                child=screening.referral.child,
            )
            raised += int(created)
    return {"escalations_raised": raised}
