"""The decision clock's sweep (DESIGN §7, §10), run by the core's scheduler."""

from datetime import date

from django.db import transaction
from django_fsm import can_proceed

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
