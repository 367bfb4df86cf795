"""Advice on a sharing decision from the Caldicott Guardian or lead information officer."""

import pytest
from django.core.exceptions import PermissionDenied

from portal.models import Escalation, Notification
from portal.services import InvalidTransition
from sharing import services
from tests.sharing.factories import (
    shared_details,
    sharing_request,
)


def test_unsure_goes_to_the_caldicott_guardian_who_advises_and_the_practitioner_finishes(setup, child):
    actor = setup.north.social_worker
    decision = services.sharing_decision_start(actor=actor, child=child, request=sharing_request(setup.health))
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="unsure")
    assert decision.outcome == "seek_advice"
    with pytest.raises(InvalidTransition):
        services.sharing_decision_complete(actor=actor, decision=decision, reasons="x")
    decision = services.sharing_decision_request_advice(
        actor=actor, decision=decision, question="Is this a legitimate purpose?"
    )
    escalation = decision.advice_escalation
    assert escalation.kind == Escalation.Kind.SHARING_ADVICE_REQUESTED
    assert set(escalation.assignees.all()) == {setup.north.caldicott, setup.north.info_lead}

    with pytest.raises(PermissionDenied):
        services.sharing_decision_record_advice(actor=setup.south.caldicott, decision=decision, advice="x")
    decision = services.sharing_decision_record_advice(
        actor=setup.north.caldicott, decision=decision, advice="Yes: planning support is a legitimate purpose."
    )
    escalation.refresh_from_db()
    assert escalation.status == "resolved"
    assert Notification.objects.filter(recipient=actor, event_key=f"sharing-decision:{decision.pk}:advice").exists()

    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="yes")
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="consent", answer="no")
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="identifiable", answer="no")
    decision = services.sharing_decision_complete(
        actor=actor, decision=decision, reasons="As advised", shared=shared_details()
    )
    assert decision.status == "completed"
    assert decision.advice.startswith("Yes")
