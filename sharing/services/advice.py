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
        escalation = decision.advice_escalation
        if escalation is not None and escalation.status != Escalation.Status.RESOLVED:
            core.escalation_resolve(
                actor=actor, escalation=escalation, resolution="Advice given", rationale=advice.strip()
            )
        core.notify(
            recipient=decision.made_by,
            event_key=f"sharing-decision:{decision.pk}:advice",
            subject="Advice on your sharing decision is ready",
            body=f"{actor} has recorded advice. Finish the decision and record your reasons.",
            link=decision.get_absolute_url(),
        )
    return decision
