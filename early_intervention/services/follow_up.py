"""Each outcome's next steps: a referral drafted from the move for the referral outcomes, the
agencies' records checklist for the plan-updated outcome; and the move completed when its follow-up
referral is sent."""

import uuid

from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from early_intervention import clocks, selectors
from early_intervention.models import AgencyRecordsCheck
from early_intervention.services.common import Move, State, close_escalations
from portal import services as core
from portal.history import save as _save
from portal.models import User
from portal.text import date_text
from referrals import services as referrals
from referrals.models import MastReferral
from sharing.models import ConsentRecord

# Each move's follow-up referral has a creation key derived from the move, so creating it twice (a
# retried request) finds the same draft.
REFERRAL_KEY_NAMESPACE = uuid.UUID("0b8f7f3e-6c1d-4a51-9d59-3e0f4c1e6a20")


def start_follow_up(*, actor: User, move: Move) -> None:
    """Each outcome's own next steps."""
    if move.state in Move.REFERRALS:
        # reach_outcome dates every outcome; today is only the type checker's fallback.
        due_on = clocks.referral_due(move.outcome_on or timezone.localdate())
        move.follow_up_due_on = due_on
        move.referral = _draft_referral(actor=actor, move=move)
        _save(move, reason=f"Referral drafted from the move, to be sent by {date_text(due_on)}", by=actor)
    elif move.state == State.PLAN_UPDATED_CHECKLIST:
        for agency in move.agencies.all():
            _save(AgencyRecordsCheck(move=move, agency=agency), reason="Records to confirm and forward", by=actor)


def _draft_referral(*, actor: User, move: Move) -> MastReferral:
    """A MAST referral draft for the child, addressed to the right authority, with the concern filled
    in from the move and the meeting. The referrer adds how urgent it is, the child's and family's
    views and the family's agreement, checks it and sends it."""
    key = uuid.uuid5(REFERRAL_KEY_NAMESPACE, f"early-intervention-move:{move.pk}")
    referral, _ = referrals.referral_start(
        actor=actor, creation_key=key, child=move.child, authority=selectors.referral_authority_for(move=move)
    )
    return referrals.referral_update(
        actor=actor, referral=referral, section="concern", changes=selectors.referral_concern_for(move=move)
    )


def move_referral_sent(*, referral: MastReferral) -> int:
    """The follow-up referral of a move has been sent: the move is complete. Called when a referral is
    sent (`early_intervention.receivers`) and by the sweep; idempotent. Returns how many moves it closed."""
    if referral.is_draft:
        return 0
    closed = 0
    with transaction.atomic():
        moves = Move.objects.select_for_update(of=("self",)).select_related("referral")
        for move in moves.filter(referral_id=referral.pk, state__in=Move.REFERRALS):
            if can_proceed(move.complete):
                move.complete(at=timezone.now())
                _save(move, reason=f"Referral {referral.reference} sent: move completed"[:100], by=referral.referrer)
                close_escalations(move=move, resolution=f"Referral {referral.reference} sent")
                closed += 1
    return closed


def move_consent_withdrawn(*, consent: ConsentRecord, actor: User) -> int:
    """The family withdrew the consent an agreed transfer plan rested on (§6.2): the move takes the
    no-consent branch, each universal agency forwarding its own records (the agencies' checklist),
    recorded on the move's history and timeline; what the plan left undone is no longer overdue; the
    lead professional is told. Runs inside the withdrawing transaction. Returns how many moves changed."""
    rerouted = 0
    moves = Move.objects.select_for_update(of=("self",)).filter(consent_record=consent, state__in=Move.WITH_PLAN_ITEMS)
    for move in moves.order_by("pk"):
        move.reroute_without_consent(
            reason="The family withdrew their consent to transfer information: each agency forwards its own records."
        )
        _save(move, reason="Consent withdrawn: agencies forward their own records", by=actor)
        for agency in move.agencies.all():
            _save(AgencyRecordsCheck(move=move, agency=agency), reason="Records to confirm and forward", by=actor)
        for item in move.plan_items.filter(done_at__isnull=True):
            core.escalations_close_for(subject=item, resolution="Consent withdrawn: the plan item is not sent")
        if actor.pk != move.lead_professional_id:
            core.notify(
                recipient=move.lead_professional,
                event_key=f"ei-move:{move.pk}:consent-withdrawn",
                subject=f"Early Intervention move {move.reference}: consent withdrawn",
                body="The family withdrew their consent: each agency now forwards its own records (the checklist).",
                link=move.get_absolute_url(),
            )
        rerouted += 1
    return rerouted
