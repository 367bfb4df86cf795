"""The privacy notice sweeps (registered in SharingConfig.ready): reminders before and on the due
date, escalation once overdue. Each runs again safely: event keys stop anything going twice."""

from datetime import date, timedelta

from django.db import transaction

from portal import policies
from portal import services as core
from portal.models import Escalation
from sharing import clocks, selectors


def privacy_notice_send_reminders(*, today: date) -> dict[str, int]:
    """Sweep: remind the responsible practitioner 7 days before the due date and on it. A reminder
    missed while the worker was down goes out when it is back; none goes twice (event keys)."""
    sent = 0
    due_soon = today + timedelta(days=clocks.PRIVACY_NOTICE_REMINDER_DAYS)
    for notice in selectors.privacy_notices_pending().filter(due_on__lte=due_soon):
        due_text = f"{notice.due_on:%-d %B %Y}"
        reminders = []
        if today >= clocks.privacy_notice_reminder_on(notice.due_on) and today < notice.due_on:
            reminders.append(("7-days", f"Privacy information due by {due_text}"))
        if today >= notice.due_on:
            when = f"due today ({due_text})" if today == notice.due_on else f"was due on {due_text}"
            reminders.append(("due", f"Privacy information {when}"))
        for key, subject in reminders:
            with transaction.atomic():
                _, created = core.notify(
                    recipient=notice.responsible,
                    event_key=f"privacy-notice:{notice.pk}:reminder:{key}",
                    subject=subject,
                    body="Someone whose details we obtained from a third party is owed privacy information, "
                    "or a recorded exemption.",
                    link=notice.get_absolute_url(),
                )
            sent += int(created)
    return {"reminders_sent": sent}


def privacy_notice_escalate_overdue(*, today: date) -> dict[str, int]:
    """Sweep: once overdue, escalate to the team manager and the lead information officer."""
    raised = 0
    for notice in selectors.privacy_notices_pending().filter(due_on__lt=today):
        organisation = notice.responsible.organisation or notice.child.local_authority
        managers = list(policies.managers_of(teams=notice.responsible.memberships.values_list("team_id", flat=True)))
        info_leads = list(selectors.lead_information_officers_of(organisation=organisation))
        _, created = core.escalation_raise(
            subject=notice,
            kind=Escalation.Kind.PRIVACY_NOTICE_OVERDUE,
            level=Escalation.Level.TEAM_MANAGER,
            organisation=organisation,
            summary=(
                f"Privacy information was due on {notice.due_on:%-d %B %Y} and has not been recorded "
                "as provided or exempt."
            ),
            assignees=managers + info_leads,
            child=notice.child,
        )
        raised += int(created)
    return {"escalations_raised": raised}
