"""The decision clock's sweep (DESIGN §7, §10), run by the core's scheduler. It reads only the
transfers whose escalation at a level is still to be raised (one query per level) and raises them a
batch at a time in bulk (issue 14): a repeat run that changes nothing costs a constant few queries."""

from datetime import date, timedelta

from django.contrib.auth.models import Permission
from django.db import transaction
from django_fsm import can_proceed

from portal import services as core
from portal.models import Escalation
from portal.text import date_text
from transfers import clocks, selectors
from transfers.models import CinTransfer, CinTransferUserObjectPermission
from transfers.services.common import State
from transfers.services.escalations import open_dispute

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
