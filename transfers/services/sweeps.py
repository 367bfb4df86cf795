"""The decision clock's sweep (DESIGN §7, §10), run by the core's scheduler. It reads only the
transfers whose escalation at a level is still to be raised (one query per level) and raises them a
batch at a time in bulk (issue 14): a repeat run that changes nothing costs a constant few queries."""

from datetime import date, timedelta

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from portal import services as core
from portal.models import Escalation
from portal.text import date_text
from transfers import clocks, selectors
from transfers.models import CinTransfer, CinTransferUserObjectPermission
from transfers.services.common import State
from transfers.services.escalations import open_dispute, raise_escalation

KIND = Escalation.Kind.TRANSFER_DECISION_OVERDUE


def _level_one_summary(transfer: CinTransfer, due: str) -> str:
    return (
        f"The receiving authority's decision on Child in Need transfer {transfer.reference} from "
        f"{transfer.sending_authority} to {transfer.receiving_authority} was due on {due} and has not "
        "been made. Delay that may affect the child goes to the escalation procedure. "
        f"The transfer: {transfer.get_absolute_url()}"
    )


def _level_two_summary(transfer: CinTransfer, due: str) -> str:
    return (
        f"Child in Need transfer {transfer.reference} from {transfer.sending_authority} to "
        f"{transfer.receiving_authority} is still undecided more than 5 days after its due date "
        f"({due}). The team managers were alerted when it became overdue. "
        f"The transfer: {transfer.get_absolute_url()}"
    )


def _raise_level(*, transfers, level: int, summary, assignees) -> int:
    """Raise the level's escalation on each transfer, a batch per transaction, and give whoever must
    act on it read access to the transfer (in bulk)."""
    view: Permission | None = None
    raised = 0
    for batch in core.due_batches(transfers):
        with transaction.atomic():
            done = core.escalations_raise_many(
                core.EscalationDue(
                    subject=transfer,
                    kind=KIND,
                    level=level,
                    organisation=transfer.receiving_authority,
                    summary=summary(transfer, date_text(transfer.decision_due_on)),
                    assignees=assignees(transfer),
                    child=transfer.child,
                )
                for transfer in batch
            )
            if not done:
                break
            view = view or Permission.objects.get(content_type__app_label="transfers", codename="view_cintransfer")
            CinTransferUserObjectPermission.objects.bulk_create(
                [
                    CinTransferUserObjectPermission(user=user, permission=view, content_object_id=item.subject.pk)
                    for item, _ in done
                    for user in item.assignees
                ],
                ignore_conflicts=True,
            )
        raised += len(done)
    return raised


def transfer_escalate_overdue(*, today: date) -> dict[str, int]:
    """Sweep (DESIGN §7, §10): an undecided transfer escalates to level 1 (both authorities' team
    managers) once overdue, and to level 2 (the Caldicott Guardian queue) more than 5 days after the
    due date; a declined transfer not yet disputed opens its dispute. Idempotent: only transfers
    without the escalation at that level are read, and escalations are unique per (transfer, kind,
    level). A sweep missed while the worker was down catches up: level 2 comes with level 1."""
    undecided = (
        CinTransfer.objects.filter(state__in=CinTransfer.UNDECIDED)
        .select_related("child", "sending_authority", "receiving_authority")
        .order_by("decision_due_on", "pk")
    )
    level_one = core.without_escalation(
        undecided.filter(decision_due_on__lt=today), kind=KIND, level=Escalation.Level.TEAM_MANAGER
    )
    senior_before = today - timedelta(days=clocks.SENIOR_ESCALATION_AFTER_DAYS)
    level_two = core.without_escalation(
        undecided.filter(decision_due_on__lt=senior_before), kind=KIND, level=Escalation.Level.SENIOR
    )
    raised_1 = _raise_level(
        transfers=level_one,
        level=Escalation.Level.TEAM_MANAGER,
        summary=_level_one_summary,
        assignees=core.once_per(
            lambda t: (t.sending_team_id, t.receiving_authority_id, t.receiving_team_id),
            lambda t: selectors.level_one_assignees(transfer=t),
        ),
    )
    raised_2 = _raise_level(
        transfers=level_two,
        level=Escalation.Level.SENIOR,
        summary=_level_two_summary,
        assignees=core.once_per(
            lambda t: (t.sending_authority_id, t.receiving_authority_id),
            lambda t: selectors.level_two_assignees(transfer=t),
        ),
    )
    disputes = 0
    for pk in CinTransfer.objects.filter(state=State.DECLINED).values_list("pk", flat=True):
        with transaction.atomic():
            transfer = CinTransfer.objects.select_for_update().get(pk=pk)
            if can_proceed(transfer.open_dispute):
                open_dispute(transfer)
                disputes += 1
    return {"level_1_raised": raised_1, "level_2_raised": raised_2, "disputes_opened": disputes}


def transfer_escalate_disputes(*, today: date) -> dict[str, int]:
    """Sweep (DESIGN §10, the dispute ladder): level 1 went to both authorities' team managers when
    the dispute opened; a dispute still open `TRANSFER_DISPUTE_LEVEL_TWO_WORKING_DAYS` working days
    later goes to level 2, both authorities' Caldicott Guardians and lead information officers (the
    portal has no head-of-service role: they hold the senior level). The resolution closes both.
    Idempotent: each (transfer, level) is raised once."""
    raised = 0
    disputed = core.without_escalation(
        CinTransfer.objects.filter(state=State.DISPUTED, disputed_at__isnull=False)
        .select_related("child", "sending_authority", "receiving_authority")
        .order_by("disputed_at", "pk"),
        kind=Escalation.Kind.TRANSFER_DISPUTED,
        level=Escalation.Level.SENIOR,
    )
    for transfer in disputed:
        if transfer.disputed_at is None:
            continue
        opened = timezone.localdate(transfer.disputed_at)
        if today < clocks.dispute_senior_on(opened):
            continue
        raised += raise_escalation(
            transfer,
            kind=Escalation.Kind.TRANSFER_DISPUTED,
            level=Escalation.Level.SENIOR,
            organisation=transfer.sending_authority,
            summary=(
                f"The dispute over Child in Need transfer {transfer.reference} between {transfer.sending_authority} "
                f"and {transfer.receiving_authority} has been open since {date_text(opened)} and is not resolved. "
                "It now goes to the senior level of the escalation procedure. The child's welfare remains "
                f"paramount; {transfer.sending_authority} keeps case responsibility until it is resolved. "
                f"The transfer: {transfer.get_absolute_url()}"
            ),
            assignees=selectors.level_two_assignees(transfer=transfer),
        )
    return {"level_2_raised": raised}


def transfer_remind_unreferred_drafts(*, today: date) -> dict[str, int]:
    """Sweep (§5: the referral "should be made immediately"): a draft whose move date has passed
    reminds the worker who started it each day, and after `TRANSFER_REFERRAL_ESCALATE_WORKING_DAYS`
    working days (default 2) goes to the sending team's managers. Referring or withdrawing it closes
    the escalation. Idempotent: one reminder a day (event keys), one escalation."""
    reminded = raised = 0
    drafts = (
        CinTransfer.objects.filter(state=State.DRAFT, move_date__lt=today)
        .select_related("child", "created_by", "sending_team", "sending_authority", "receiving_authority")
        .order_by("move_date", "pk")
    )
    for transfer in drafts:
        # The reminder and the escalation are written with the day's change (the outbox).
        with transaction.atomic():
            _, created = core.notify(
                recipient=transfer.created_by,
                event_key=f"transfer:{transfer.pk}:not-referred:{today.isoformat()}",
                subject=f"Transfer {transfer.reference} is not referred yet",
                body=(
                    f"The child moved on {date_text(transfer.move_date)}. Refer the transfer to "
                    f"{transfer.receiving_authority} now: the referral should be made immediately."
                ),
                link=transfer.get_absolute_url(),
            )
            reminded += int(created)
            if today >= clocks.referral_escalates_on(transfer.move_date):
                raised += raise_escalation(
                    transfer,
                    kind=Escalation.Kind.TRANSFER_NOT_REFERRED,
                    level=Escalation.Level.TEAM_MANAGER,
                    organisation=transfer.sending_authority,
                    summary=(
                        f"Child in Need transfer {transfer.reference} to {transfer.receiving_authority} is still "
                        f"a draft: the child moved on {date_text(transfer.move_date)} and the referral should "
                        f"have been made immediately. The transfer: {transfer.get_absolute_url()}"
                    ),
                    assignees=list(selectors.sending_managers(transfer=transfer)),
                )
    return {"reminders_sent": reminded, "escalations_raised": raised}
