"""The subject access sweeps (registered in SubjectRightsConfig.ready): a reminder to the officer a
week before the request is due (again after an extension), and an escalation once it is overdue.
Each reads only what is still to send or raise, writes in bulk, and runs again safely: event keys
and the escalation's unique subject stop anything going twice."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Coalesce, Concat

from portal import policies as core_policies
from portal import services as core
from portal.models import Escalation, Notification
from subject_rights import clocks
from subject_rights.models import SubjectAccessRequest

REMINDER_BODY = "A subject access request is due soon: review the bundle and release it, or record an extension."


def reminder_key(*, request_pk: int, extended: bool) -> str:
    return f"subject-access:{request_pk}:reminder:{'extended' if extended else 'first'}"


def _open():
    return SubjectAccessRequest.objects.filter(status=SubjectAccessRequest.Status.OPEN).annotate(
        deadline=Coalesce("extended_due_on", "due_on")
    )


def _not_reminded(requests, *, extended: bool):
    key = Concat(
        Value("subject-access:"),
        Cast(OuterRef("pk"), CharField()),
        Value(f":reminder:{'extended' if extended else 'first'}"),
        output_field=CharField(),
    )
    sent = Notification.objects.filter(recipient_id=OuterRef("officer_id"), event_key=key)
    return requests.filter(~Exists(sent))


def subject_access_send_reminders(*, today: date) -> dict[str, int]:
    """Remind the officer from a week before the deadline (a reminder missed while the worker was
    down goes when it is back); once for the first month and once more after an extension."""
    due_soon = _open().filter(deadline__lte=today + timedelta(days=clocks.REMINDER_DAYS)).order_by("deadline", "pk")
    sent = 0
    for extended in (False, True):
        requests = due_soon.filter(extended_due_on__isnull=not extended).select_related("officer")
        for batch in core.due_batches(_not_reminded(requests, extended=extended)):
            with transaction.atomic():
                told = core.notify_many(
                    core.NotificationDue(
                        recipient=r.officer,
                        event_key=reminder_key(request_pk=r.pk, extended=extended),
                        subject=f"Subject access request due by {r.deadline:%-d %B %Y}",
                        body=REMINDER_BODY,
                        link=r.get_absolute_url(),
                    )
                    for r in batch
                )
            sent += told
            if not told:
                break
    return {"reminders_sent": sent}


def subject_access_escalate_overdue(*, today: date) -> dict[str, int]:
    """Once past its deadline, escalate to the organisation's Caldicott Guardians and lead
    information officers (the officer among them)."""
    assignees = core.once_per(
        lambda r: r.organisation_id, lambda r: list(core_policies.reviewers_of(r.organisation_id))
    )
    overdue = core.without_escalation(
        _open().filter(Q(deadline__lt=today)).select_related("organisation", "child").order_by("deadline", "pk"),
        kind=Escalation.Kind.SUBJECT_ACCESS_OVERDUE,
        level=Escalation.Level.TEAM_MANAGER,
    )
    raised = 0
    for batch in core.due_batches(overdue):
        with transaction.atomic():
            done = core.escalations_raise_many(
                core.EscalationDue(
                    subject=r,
                    kind=Escalation.Kind.SUBJECT_ACCESS_OVERDUE,
                    level=Escalation.Level.TEAM_MANAGER,
                    organisation=r.organisation,
                    summary=f"A subject access request was due on {r.deadline:%-d %B %Y} and has not been answered.",
                    assignees=assignees(r),
                    child=r.child,
                )
                for r in batch
            )
        raised += len(done)
        if not done:
            break
    return {"escalations_raised": raised}
