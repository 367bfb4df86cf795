"""The decision clock's sweep (DESIGN §7, §10), run by the core's scheduler."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from portal import services as core
from portal.models import Escalation
from portal.text import date_text
from transfers import clocks, selectors
from transfers.models import CinTransfer
from transfers.services.common import State
from transfers.services.escalations import open_dispute, raise_escalation


def transfer_escalate_overdue(*, today: date) -> dict[str, int]:
    """Sweep (DESIGN §7, §10): an undecided transfer escalates to level 1 (both authorities' team
    managers) once overdue, and to level 2 (the Caldicott Guardian queue) more than 5 days after the
    due date; a declined transfer not yet disputed opens its dispute. Idempotent: escalations are
    unique per (transfer, kind, level), so running it again raises nothing new."""
    raised = {1: 0, 2: 0}
    overdue = (
        CinTransfer.objects.filter(state__in=CinTransfer.UNDECIDED, decision_due_on__lt=today)
        .select_related("child", "sending_authority", "sending_team", "receiving_authority")
        .order_by("decision_due_on", "pk")
    )
    for transfer in overdue:
        due_on = transfer.decision_due_on
        if due_on is None:  # an undecided transfer always has its due date (a database constraint)
            continue
        level = clocks.escalation_level(due_on, today)
        due = date_text(due_on)
        # A sweep missed while the worker was down catches up: level 2 comes with level 1.
        if level >= 1:
            raised[1] += raise_escalation(
                transfer,
                kind=Escalation.Kind.TRANSFER_DECISION_OVERDUE,
                level=Escalation.Level.TEAM_MANAGER,
                organisation=transfer.receiving_authority,
                summary=(
                    f"The receiving authority's decision on Child in Need transfer {transfer.reference} from "
                    f"{transfer.sending_authority} to {transfer.receiving_authority} was due on {due} and has not "
                    "been made. Delay that may affect the child goes to the escalation procedure. "
                    f"The transfer: {transfer.get_absolute_url()}"
                ),
                assignees=selectors.level_one_assignees(transfer=transfer),
            )
        if level >= 2:
            raised[2] += raise_escalation(
                transfer,
                kind=Escalation.Kind.TRANSFER_DECISION_OVERDUE,
                level=Escalation.Level.SENIOR,
                organisation=transfer.receiving_authority,
                summary=(
                    f"Child in Need transfer {transfer.reference} from {transfer.sending_authority} to "
                    f"{transfer.receiving_authority} is still undecided more than 5 days after its due date "
                    f"({due}). The team managers were alerted when it became overdue. "
                    f"The transfer: {transfer.get_absolute_url()}"
                ),
                assignees=selectors.level_two_assignees(transfer=transfer),
            )
    disputes = 0
    for pk in CinTransfer.objects.filter(state=State.DECLINED).values_list("pk", flat=True):
        with transaction.atomic():
            transfer = CinTransfer.objects.select_for_update().get(pk=pk)
            if can_proceed(transfer.open_dispute):
                open_dispute(transfer)
                disputes += 1
    return {"level_1_raised": raised[1], "level_2_raised": raised[2], "disputes_opened": disputes}


def transfer_escalate_disputes(*, today: date) -> dict[str, int]:
    """Sweep (DESIGN §10, the dispute ladder): level 1 went to both authorities' team managers when
    the dispute opened; a dispute still open `TRANSFER_DISPUTE_LEVEL_TWO_WORKING_DAYS` working days
    later goes to level 2, both authorities' Caldicott Guardians and lead information officers (the
    portal has no head-of-service role: they hold the senior level). The resolution closes both.
    Idempotent: each (transfer, level) is raised once."""
    raised = 0
    disputed = (
        CinTransfer.objects.filter(state=State.DISPUTED, disputed_at__isnull=False)
        .select_related("child", "sending_authority", "receiving_authority")
        .order_by("disputed_at", "pk")
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
                    f"Child in Need transfer {transfer.reference} to {transfer.receiving_authority} is still a draft: "
                    f"the child moved on {date_text(transfer.move_date)} and the referral should have been made "
                    f"immediately. The transfer: {transfer.get_absolute_url()}"
                ),
                assignees=list(selectors.sending_managers(transfer=transfer)),
            )
    return {"reminders_sent": reminded, "escalations_raised": raised}
