"""The Early Intervention clocks' sweep (DESIGN §7), run by the core's scheduler."""

from datetime import date

from django.db import models
from django.db.models import Q

from early_intervention import selectors
from early_intervention.models import AgreedPlanItem
from early_intervention.services.common import Move, State
from early_intervention.services.follow_up import move_referral_sent
from portal import services as core
from portal.models import Escalation
from portal.text import date_text
from referrals.models import MastReferral


def _raise(*, subject: models.Model, move: Move, summary: str) -> bool:
    _, created = core.escalation_raise(
        subject=subject,
        kind=Escalation.Kind.EARLY_INTERVENTION_ACTION_OVERDUE,
        level=Escalation.Level.TEAM_MANAGER,
        organisation=move.lead_team.organisation,
        summary=summary,
        assignees=selectors.lead_team_managers(move=move),
        child=move.child,
    )
    return created


def move_escalate_overdue(*, today: date) -> dict[str, int]:
    """Sweep (DESIGN §7): a referral the meeting decided on that is still not sent the working day
    after the outcome, and an agreed plan item past its date, go to the lead professional's team
    managers. Idempotent: each (move or item, kind, level) is raised once however often it runs. A move
    whose referral was sent is completed here too, should the moment it was sent have been missed."""
    referral_overdue = selectors.with_referral_overdue(Move.objects.all(), today=today).select_related(
        "child", "lead_team__organisation", "lead_professional", "referral"
    )
    referrals_raised = 0
    for move in referral_overdue.order_by("follow_up_due_on", "pk"):
        due_on = move.follow_up_due_on
        if due_on is None:  # overdue means past a due date: the query asks for one
            continue
        where = (
            f"children's social care in {move.destination_authority}"
            if move.state == State.REFERRAL_RECEIVING_CSC
            else f"MAST in {move.child.local_authority} (the family's whereabouts are unknown)"
        )
        referrals_raised += _raise(
            subject=move,
            move=move,
            summary=(
                f"The multi-agency meeting for Early Intervention move {move.reference} decided on a referral to "
                f"{where}, to be made without delay. It was due to be sent by {date_text(due_on)} "
                f"and has not been. Lead professional: {move.lead_professional}. The move: {move.get_absolute_url()}"
            ),
        )
    items = (
        AgreedPlanItem.objects.filter(done_at__isnull=True, due_on__lt=today, move__state__in=Move.WITH_PLAN_ITEMS)
        .select_related(
            "move__child", "move__lead_team__organisation", "sending_agency__organisation", "sending_agency__team"
        )
        .order_by("due_on", "pk")
    )
    items_raised = 0
    for item in items:
        items_raised += _raise(
            subject=item,
            move=item.move,
            summary=(
                f"An item of the agreed transfer plan of Early Intervention move {item.move.reference} is overdue: "
                f"{item.sending_agency} was to send information to {item.receiving_agency} by "
                f"{date_text(item.due_on)}. The move: {item.move.get_absolute_url()}"
            ),
        )
    sent = MastReferral.objects.filter(
        pk__in=Move.objects.filter(state__in=Move.REFERRALS, referral__isnull=False).values("referral_id")
    ).filter(~Q(status=MastReferral.Status.DRAFT))
    completed = sum(move_referral_sent(referral=referral) for referral in sent)
    return {
        "unsent_referrals_raised": referrals_raised,
        "overdue_items_raised": items_raised,
        "moves_completed": completed,
    }
