"""Withdrawing a move that did not happen, or was recorded in error: the agencies' access to the
child on the strength of the move ends."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from early_intervention import selectors
from early_intervention.services.common import Move, close_escalations, locked
from portal import services as core
from portal.access import require as _require
from portal.history import save as _save
from portal.models import ChildAccessGrant, User
from portal.services import InvalidTransition


def move_withdraw(*, actor: User, move: Move, reason: str) -> Move:
    """The move did not happen, or was recorded in error. Not once the outcome is a referral: that
    concern stands. The agencies' access to the child on the strength of the move ends."""
    _require(selectors.can_work_on(actor, move), "Only the lead professional's team withdraws a move.")
    if not reason.strip():
        raise ValidationError({"reason": "Explain why the move is withdrawn"})
    with transaction.atomic():
        move = locked(move)
        if not can_proceed(move.withdraw):
            raise InvalidTransition(
                f"This move is {move.get_state_display().lower()}: it cannot be withdrawn. Nothing was changed."
            )
        move.withdraw(by=actor, at=timezone.now(), reason=reason.strip())
        _save(move, reason="Withdrawn", by=actor)
        close_escalations(move=move, resolution="Move withdrawn")
        grants = ChildAccessGrant.objects.filter(
            child=move.child,
            basis=ChildAccessGrant.Basis.EARLY_INTERVENTION,
            revoked_at__isnull=True,
            source_type__app_label="early_intervention",
            source_type__model="earlyinterventionmove",
            source_id=move.pk,
        ).select_related("team__group", "child")
        for grant in grants:
            core.child_access_revoke(grant=grant, revoked_by=actor, reason="Early Intervention move withdrawn")
        core.notify_each(
            selectors.agency_team_members(move=move),
            event_key=f"ei-move:{move.pk}:withdrawn",
            subject=f"Early Intervention move {move.reference} withdrawn",
            body=f"{actor} withdrew the move.",
            link=move.get_absolute_url(),
            exclude=actor,
        )
    return move
