"""What the Early Intervention services share: the row lock, telling people about a move, and
completing a move once every next step of its outcome is done."""

from django.utils import timezone
from django_fsm import can_proceed

from early_intervention.models import EarlyInterventionMove
from portal import services as core
from portal.history import save as _save
from portal.models import User
from sharing.models import InformationCategory

Move = EarlyInterventionMove
State = EarlyInterventionMove.State

# What a family's consent to transfer information for early help covers: the child's identity, the
# family, and the plan (education, health and social care).
CONSENT_CATEGORIES = [
    InformationCategory.IDENTITY,
    InformationCategory.FAMILY,
    InformationCategory.EDUCATION,
    InformationCategory.HEALTH,
    InformationCategory.SOCIAL_CARE,
]


def locked(move: Move) -> Move:
    # `of=("self",)`: PostgreSQL cannot lock the nullable side of the outer joins.
    return (
        Move.objects.select_for_update(of=("self",))
        .select_related("child", "consent_record", "referral")
        .get(pk=move.pk)
    )


def close_escalations(*, move: Move, resolution: str) -> None:
    """The move has finished (completed or withdrawn): nothing about it or its plan items is overdue."""
    core.escalations_close_for(subject=move, resolution=resolution)
    for item in move.plan_items.all():
        core.escalations_close_for(subject=item, resolution=resolution)


def complete_if_done(*, actor: User | None, move: Move) -> Move:
    """Complete the move when every next step of its outcome is done, and tell the lead professional."""
    move = Move.objects.select_related("referral").get(pk=move.pk)
    if can_proceed(move.complete):
        move.complete(at=timezone.now())
        _save(move, reason="Every next step done: move completed", by=actor)
        close_escalations(move=move, resolution="Move completed")
        if actor is None or actor.pk != move.lead_professional_id:
            core.notify(
                recipient=move.lead_professional,
                event_key=f"ei-move:{move.pk}:completed",
                subject=f"Early Intervention move {move.reference} completed",
                body="Every next step of the move's outcome is done.",
                link=move.get_absolute_url(),
            )
    return move
