"""The Early Intervention clocks' sweep (DESIGN §7), run by the core's scheduler."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from early_intervention import selectors
from early_intervention.models import AgreedPlanItem
from early_intervention.services.common import Move, State
from early_intervention.services.follow_up import move_referral_sent
from portal import services as core
from portal.models import Escalation
from portal.text import date_text
from referrals.models import MastReferral

KIND = Escalation.Kind.EARLY_INTERVENTION_ACTION_OVERDUE


def _raise_all(due, *, move_of: Callable[[Any], Move], summary: Callable[[Any], str]) -> int:
    """Raise the escalation on each due subject (a move or a plan item), a batch per transaction, to
    the lead professional's team managers, worked out once per team."""
    assignees = core.once_per(
        lambda s: move_of(s).lead_team_id, lambda s: selectors.lead_team_managers(move=move_of(s))
    )
    unraised = core.without_escalation(due, kind=KIND, level=Escalation.Level.TEAM_MANAGER)
    raised = 0
    for batch in core.due_batches(unraised):
        with transaction.atomic():
            done = core.escalations_raise_many(
                core.EscalationDue(
                    subject=subject,
                    kind=KIND,
                    level=Escalation.Level.TEAM_MANAGER,
                    organisation=move_of(subject).lead_team.organisation,
                    summary=summary(subject),
                    assignees=assignees(subject),
                    child=move_of(subject).child,
                )
                for subject in batch
            )
        raised += len(done)
        if not done:
            break
    return raised


def _referral_summary(move: Move) -> str:
    where = (
        f"children's social care in {move.destination_authority}"
        if move.state == State.REFERRAL_RECEIVING_CSC
        else f"MAST in {move.child.local_authority} (the family's whereabouts are unknown)"
    )
    due = date_text(move.follow_up_due_on) if move.follow_up_due_on else "the working day after the meeting"
    return (
        f"The multi-agency meeting for Early Intervention move {move.reference} decided on a referral to "
        f"{where}, to be made without delay. It was due to be sent by {due} "
        f"and has not been. Lead professional: {move.lead_professional}. The move: {move.get_absolute_url()}"
    )


def _item_summary(item: AgreedPlanItem) -> str:
    return (
        f"An item of the agreed transfer plan of Early Intervention move {item.move.reference} is overdue: "
        f"{item.sending_agency} was to send information to {item.receiving_agency} by "
        f"{date_text(item.due_on)}. The move: {item.move.get_absolute_url()}"
    )


def move_escalate_overdue(*, today: date) -> dict[str, int]:
    """Sweep (DESIGN §7): a referral the meeting decided on that is still not sent the working day
    after the outcome, and an agreed plan item past its date, go to the lead professional's team
    managers. Idempotent: each (move or item, kind, level) is raised once however often it runs. A move
    whose referral was sent is completed here too, should the moment it was sent have been missed."""
    referral_overdue = (
        selectors.with_referral_overdue(Move.objects.all(), today=today)
        .select_related(
            "child__local_authority", "lead_team__organisation", "lead_professional", "destination_authority"
        )
        .order_by("follow_up_due_on", "pk")
    )
    referrals_raised = _raise_all(referral_overdue, move_of=lambda move: move, summary=_referral_summary)
    items = (
        AgreedPlanItem.objects.filter(done_at__isnull=True, due_on__lt=today, move__state__in=Move.WITH_PLAN_ITEMS)
        .select_related(
            "move__child", "move__lead_team__organisation", "sending_agency__organisation", "sending_agency__team"
        )
        .order_by("due_on", "pk")
    )
    items_raised = _raise_all(items, move_of=lambda item: item.move, summary=_item_summary)
    sent = MastReferral.objects.filter(
        pk__in=Move.objects.filter(state__in=Move.REFERRALS, referral__isnull=False).values("referral_id")
    ).filter(~Q(status=MastReferral.Status.DRAFT))
    completed = sum(move_referral_sent(referral=referral) for referral in sent)
    return {
        "unsent_referrals_raised": referrals_raised,
        "overdue_items_raised": items_raised,
        "moves_completed": completed,
    }
