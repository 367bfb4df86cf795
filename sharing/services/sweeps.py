"""The privacy notice sweeps (registered in SharingConfig.ready): reminders before and on the due
date, escalation once overdue. Each reads only what is still to send or raise (one query per kind)
and writes a batch at a time in bulk (issue 14), so a repeat run that changes nothing costs a
constant few queries. Each runs again safely: event keys stop anything going twice."""

from datetime import date, timedelta

from django.db import transaction

from portal import policies
from portal import services as core
from portal.models import Escalation
from sharing import clocks, selectors
from sharing.models import PrivacyNotice

REMINDER_BODY = (
    "Someone whose details we obtained from a third party is owed privacy information, or a recorded exemption."
)


def _reminder(notice: PrivacyNotice, *, key: str, subject: str) -> core.NotificationDue:
    return core.NotificationDue(
        recipient=notice.responsible,
        event_key=selectors.privacy_notice_reminder_key(notice_pk=notice.pk, reminder=key),
        subject=subject,
        body=REMINDER_BODY,
        link=notice.get_absolute_url(),
    )


def _due_subject(notice: PrivacyNotice, today: date) -> str:
    due_text = f"{notice.due_on:%-d %B %Y}"
    when = f"due today ({due_text})" if today == notice.due_on else f"was due on {due_text}"
    return f"Privacy information {when}"


def privacy_notice_send_reminders(*, today: date) -> dict[str, int]:
    """Sweep: remind the responsible practitioner 7 days before the due date and on it. A reminder
    missed while the worker was down goes out when it is back; none goes twice (event keys)."""
    pending = selectors.privacy_notices_pending().order_by("due_on", "pk")
    # The 7-day reminder is due from `privacy_notice_reminder_on(due)` until the day before the due date.
    week_before = pending.filter(
        due_on__gt=today, due_on__lte=today + timedelta(days=clocks.PRIVACY_NOTICE_REMINDER_DAYS)
    )
    kinds = [
        ("7-days", week_before, lambda n: f"Privacy information due by {n.due_on:%-d %B %Y}"),
        ("due", pending.filter(due_on__lte=today), lambda n: _due_subject(n, today)),
    ]
    sent = 0
    for key, notices, subject in kinds:
        for batch in core.due_batches(selectors.privacy_notices_not_reminded(notices, reminder=key)):
            with transaction.atomic():
                told = core.notify_many(_reminder(n, key=key, subject=subject(n)) for n in batch)
            sent += told
            if not told:
                break
    return {"reminders_sent": sent}


def privacy_notice_escalate_overdue(*, today: date) -> dict[str, int]:
    """Sweep: once overdue, escalate to the team manager and the lead information officer."""

    def organisation_of(notice: PrivacyNotice):
        return notice.responsible.organisation or notice.child.local_authority

    def find(notice: PrivacyNotice) -> list:
        teams = notice.responsible.memberships.values_list("team_id", flat=True)
        managers = list(policies.managers_of(teams=teams))
        return managers + list(selectors.lead_information_officers_of(organisation=organisation_of(notice)))

    assignees = core.once_per(lambda n: (n.responsible_id, organisation_of(n).pk), find)
    overdue = core.without_escalation(
        selectors.privacy_notices_pending()
        .select_related("child__local_authority")
        .filter(due_on__lt=today)
        .order_by("due_on", "pk"),
        kind=Escalation.Kind.PRIVACY_NOTICE_OVERDUE,
        level=Escalation.Level.TEAM_MANAGER,
    )
    raised = 0
    for batch in core.due_batches(overdue):
        with transaction.atomic():
            done = core.escalations_raise_many(
                core.EscalationDue(
                    subject=notice,
                    kind=Escalation.Kind.PRIVACY_NOTICE_OVERDUE,
                    level=Escalation.Level.TEAM_MANAGER,
                    organisation=organisation_of(notice),
                    summary=(
                        f"Privacy information was due on {notice.due_on:%-d %B %Y} and has not been recorded "
                        "as provided or exempt."
                    ),
                    assignees=assignees(notice),
                    child=notice.child,
                )
                for notice in batch
            )
        raised += len(done)
        if not done:
            break
    return {"escalations_raised": raised}
