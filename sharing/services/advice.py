"""Advice on a sharing decision: when the questions lead to 'seek advice', the practitioner asks
the organisation's Caldicott Guardians and lead information officers, and one of them answers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed

from portal import services as core
from portal.access import require
from portal.history import save
from portal.models import Escalation, User
from portal.services import InvalidTransition
from sharing import policies
from sharing.models import SharingDecision
from sharing.services._guards import require_open_decision


def sharing_decision_request_advice(*, actor: User, decision: SharingDecision, question: str) -> SharingDecision:
    """'Seek advice': the organisation's Caldicott Guardians and lead information officers are asked."""
    if not question.strip():
        raise ValidationError({"advice_question": "Say what you need advice on"})
    with transaction.atomic():
        decision = SharingDecision.objects.select_for_update().get(pk=decision.pk)
        require_open_decision(decision, actor)
        if decision.outcome != SharingDecision.Outcome.SEEK_ADVICE:
            raise InvalidTransition("Advice is requested only when the questions lead to 'seek advice'.")
        if decision.advice_escalation_id:
            raise InvalidTransition("Advice has already been requested on this decision.")
        decision.advice_question = question.strip()
        decision.request_advice()
        save(decision, reason="Advice requested", by=actor)
        escalation, _ = core.escalation_raise(
            subject=decision,
            kind=Escalation.Kind.SHARING_ADVICE_REQUESTED,
            level=Escalation.Level.SENIOR,
            organisation=decision.organisation,
            summary=f"{actor} asks for advice on whether to share information: {decision.advice_question}",
            assignees=core.escalation_reviewers(organisation=decision.organisation),
            child=decision.child,
        )
        decision.advice_escalation = escalation
        save(decision, reason="Advice request raised", by=actor)
    return decision


def sharing_decision_record_advice(*, actor: User, decision: SharingDecision, advice: str) -> SharingDecision:
    require(
        policies.may_advise(actor, decision),
        "Only the organisation's Caldicott Guardian or lead information officer can record advice.",
    )
    if not advice.strip():
        raise ValidationError({"advice": "Enter your advice"})
    with transaction.atomic():
        decision = SharingDecision.objects.select_for_update().get(pk=decision.pk)
        if not can_proceed(decision.give_advice):
            raise InvalidTransition("This decision is not waiting for advice.")
        decision.give_advice(by=actor, at=timezone.now(), advice=advice.strip())
        save(decision, reason="Advice recorded", by=actor)
        core.escalations_close_for(
            subject=decision,
            kinds=[Escalation.Kind.SHARING_ADVICE_REQUESTED],
            resolution="Advice given",
            rationale=advice.strip(),
            by=actor,
        )
        core.notify(
            recipient=decision.made_by,
            event_key=f"sharing-decision:{decision.pk}:advice",
            subject="Advice on your sharing decision is ready",
            body=f"{actor} has recorded advice. Finish the decision and record your reasons.",
            link=decision.get_absolute_url(),
        )
    return decision


def advice_from_escalation(
    *, actor: User, escalation: Escalation, resolution: str, rationale: str, actions: str
) -> None:
    """A reviewer closes an advice request from the review queue: that is their advice (the decision
    and its rationale, and any actions agreed), recorded on the decision, and the practitioner told."""
    decision = SharingDecision.objects.get(pk=escalation.subject_id)
    advice = f"{resolution}. {rationale}" if resolution and resolution not in rationale else rationale
    if actions:
        advice = f"{advice}\n\nActions agreed: {actions}"
    sharing_decision_record_advice(actor=actor, decision=decision, advice=advice)


def sharing_decision_withdraw_advice_request(*, actor: User, decision: SharingDecision, reason: str) -> SharingDecision:
    """The practitioner no longer needs the advice they asked for: the request is closed and the
    decision goes back to them to answer the questions again."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why you no longer need advice"})
    with transaction.atomic():
        decision = SharingDecision.objects.select_for_update().get(pk=decision.pk)
        require(decision.made_by_id == actor.pk, "Only the person who asked for advice can withdraw the request.")
        if not can_proceed(decision.withdraw_advice_request):
            raise InvalidTransition("This decision is not waiting for advice.")
        decision.withdraw_advice_request()
        save(decision, reason="Request for advice withdrawn", by=actor)
        core.escalations_close_for(
            subject=decision,
            kinds=[Escalation.Kind.SHARING_ADVICE_REQUESTED],
            resolution="Request for advice withdrawn",
            rationale=reason.strip(),
            by=actor,
        )
    return decision
