"""Issue 13: advice and consent-overridden escalations always reach someone, and an advice request
closed from the review queue answers the practitioner, who can then go on."""

import pytest
from django.core.exceptions import PermissionDenied

from portal import selectors as core_selectors
from portal import services as core
from portal.models import Escalation, Notification
from sharing import policies, selectors, services
from sharing.models import SharingDecision
from tests.factories import make_child
from tests.sharing.factories import shared_details, sharing_request


@pytest.fixture
def health_child(setup):
    # The health trust serves Northshire's area and has no Caldicott Guardian on the portal.
    return make_child(worker=setup.health_visitor, team=setup.health_team, first_name="Bo", last_name="Health")


def _ask_for_advice(setup, child) -> SharingDecision:
    actor = setup.health_visitor
    decision = services.sharing_decision_start(actor=actor, child=child, request=sharing_request(setup.north.org))
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="unsure")
    return services.sharing_decision_request_advice(actor=actor, decision=decision, question="May I share this?")


def test_advice_in_an_organisation_with_no_reviewer_goes_to_the_local_authoritys(setup, health_child):
    decision = _ask_for_advice(setup, health_child)
    escalation = decision.advice_escalation
    assert set(escalation.assignees.all()) == {setup.north.caldicott, setup.north.info_lead}
    assert Notification.objects.filter(recipient=setup.north.caldicott, event_key__startswith="escalation:").exists()
    # It is on their review queue, and they may see the decision and advise on it.
    assert escalation in core_selectors.review_queue_for_user(user=setup.north.caldicott)
    assert selectors.decision_get_for_user(user=setup.north.caldicott, pk=decision.pk) == decision
    assert policies.may_advise(setup.north.caldicott, decision)
    assert not policies.may_advise(setup.south.caldicott, decision)


def test_closing_an_advice_request_from_the_review_queue_records_the_advice_and_tells_the_practitioner(
    setup, health_child
):
    actor = setup.health_visitor
    decision = _ask_for_advice(setup, health_child)
    escalation = decision.advice_escalation
    with pytest.raises(PermissionDenied):
        core.escalation_resolve(actor=setup.south.caldicott, escalation=escalation, resolution="x", rationale="y")

    core.escalation_resolve(
        actor=setup.north.caldicott,
        escalation=escalation,
        resolution="Share",
        rationale="A legitimate safeguarding purpose: share what is needed.",
    )

    decision.refresh_from_db()
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.RESOLVED
    assert decision.status == SharingDecision.Status.ADVICE_GIVEN
    assert "legitimate safeguarding purpose" in decision.advice
    assert decision.advice_by == setup.north.caldicott
    assert Notification.objects.filter(recipient=actor, event_key=f"sharing-decision:{decision.pk}:advice").exists()
    # The practitioner goes on to a decision.
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="yes")
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="consent", answer="no")
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="identifiable", answer="no")
    decision = services.sharing_decision_complete(
        actor=actor, decision=decision, reasons="As advised", shared=shared_details()
    )
    assert decision.status == SharingDecision.Status.COMPLETED


def test_the_practitioner_can_withdraw_a_request_for_advice(setup, health_child):
    actor = setup.health_visitor
    decision = _ask_for_advice(setup, health_child)
    with pytest.raises(PermissionDenied):
        services.sharing_decision_withdraw_advice_request(actor=setup.north.caldicott, decision=decision, reason="x")
    decision = services.sharing_decision_withdraw_advice_request(
        actor=actor, decision=decision, reason="The family agreed after all"
    )
    assert decision.status == SharingDecision.Status.DRAFT
    decision.advice_escalation.refresh_from_db()
    assert decision.advice_escalation.status == Escalation.Status.RESOLVED
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="yes")
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="consent", answer="no")
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="identifiable", answer="no")
    assert decision.outcome == "share"


def test_an_escalation_nobody_can_take_is_a_red_count_on_the_review_queue(setup, health_child, client):
    setup.north.caldicott.is_active = False
    setup.north.caldicott.save()
    setup.north.info_lead.is_active = False
    setup.north.info_lead.save()
    escalation, _ = core.escalation_raise(
        subject=health_child,
        kind=Escalation.Kind.CONSENT_OVERRIDDEN,
        level=2,
        organisation=setup.health,
        summary="Shared although consent was refused",
        assignees=[],
        child=health_child,
    )
    assert not escalation.assignees.exists()
    from tests.factories import UserFactory

    reviewer = UserFactory(username="north.caldicott2", organisation=setup.north.org, roles=["caldicott_guardian"])
    assert list(core_selectors.review_queue_unassigned(user=reviewer)) == [escalation]
    assert core_selectors.escalation_can_act(user=reviewer, escalation=escalation)
    client.force_login(reviewer)
    page = client.get("/review/")
    assert b"1 escalation assigned to nobody" in page.content


def test_the_practitioner_withdraws_the_request_from_the_decision_page(setup, health_child, client):
    decision = _ask_for_advice(setup, health_child)
    client.force_login(setup.north.caldicott)
    assert client.post(f"/sharing/decisions/{decision.pk}/advice/withdraw/", {"reason": "x"}).status_code == 403
    client.force_login(setup.health_visitor)
    page = client.get(f"/sharing/decisions/{decision.pk}/").content.decode()
    assert "Withdraw your request for advice" in page
    assert client.post(f"/sharing/decisions/{decision.pk}/advice/withdraw/", {"reason": ""}).status_code == 200
    response = client.post(f"/sharing/decisions/{decision.pk}/advice/withdraw/", {"reason": "The family agreed"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == SharingDecision.Status.DRAFT
