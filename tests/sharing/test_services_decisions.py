"""Sharing decisions: the questions, completing with reasons and what was shared, amendments."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.models import Escalation
from portal.services import InvalidTransition
from sharing import services
from sharing.models import LegalGateway, Purpose
from tests.sharing.factories import (
    basis,
    shared_details,
    sharing_request,
)


def test_reference_data_is_seeded(db):
    assert LegalGateway.objects.filter(name="Children Act 2004 s11").exists()
    assert LegalGateway.objects.count() == 16
    assert basis("6(1)(a)").is_consent
    assert basis("DPA 2018 Sch 1 para 18").name == "Safeguarding of children and of individuals at risk"
    for code in ["9(2)(a)", "9(2)(b)", "9(2)(c)", "9(2)(g)", "9(2)(h)", "9(2)(i)", "9(2)(j)"]:
        assert basis(code)


def test_saying_yes_to_consent_needs_a_consent_record(setup, child):
    decision = services.sharing_decision_start(
        actor=setup.north.social_worker, child=child, request=sharing_request(setup.health)
    )
    decision = services.sharing_decision_answer(
        actor=setup.north.social_worker, decision=decision, question="purpose", answer="yes"
    )
    with pytest.raises(ValidationError):
        services.sharing_decision_answer(
            actor=setup.north.social_worker, decision=decision, question="consent", answer="yes"
        )


def test_changing_an_earlier_answer_clears_the_later_ones(setup, child):
    actor = setup.north.social_worker
    decision = services.sharing_decision_start(actor=actor, child=child, request=sharing_request(setup.health))
    for question, answer in [
        ("purpose", "yes"),
        ("consent", "no"),
        ("identifiable", "yes"),
        ("lawful_without_consent", "no"),
    ]:
        decision = services.sharing_decision_answer(actor=actor, decision=decision, question=question, answer=answer)
    assert decision.outcome == "do_not_share"
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="consent", answer="unsure")
    assert decision.outcome == "seek_advice"
    assert decision.identifiable_answer == "" and decision.lawful_without_consent_answer == ""


def test_a_do_not_share_decision_needs_reasons_and_is_then_locked(setup, child):
    actor = setup.north.social_worker
    decision = services.sharing_decision_start(actor=actor, child=child, request=sharing_request(setup.health))
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="no")
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="consent", answer="no")
    with pytest.raises(ValidationError):
        services.sharing_decision_complete(actor=actor, decision=decision, reasons="  ")
    decision = services.sharing_decision_complete(actor=actor, decision=decision, reasons="No legitimate purpose.")
    assert decision.is_locked
    with pytest.raises(InvalidTransition):
        services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="yes")


def test_sharing_special_category_data_needs_an_article_9_condition(setup, child):
    actor = setup.north.social_worker
    with pytest.raises(ValidationError) as error:
        services.sharing_decision_record(
            actor=actor,
            child=child,
            request=sharing_request(setup.health),
            answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
            reasons="Risk of significant harm",
            shared=shared_details(categories=["health"]),
        )
    assert "article_9_condition" in error.value.message_dict
    decision = services.sharing_decision_record(
        actor=actor,
        child=child,
        request=sharing_request(setup.health),
        answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
        reasons="Risk of significant harm",
        shared=shared_details(
            categories=["health"],
            article_9_condition=basis("9(2)(h)"),
            individual_told=False,
            not_told_reason="would_increase_risk",
        ),
    )
    assert decision.article_9_condition.code == "9(2)(h)"


def test_consent_is_not_a_basis_when_sharing_without_consent(setup, child):
    with pytest.raises(ValidationError) as error:
        services.sharing_decision_record(
            actor=setup.north.social_worker,
            child=child,
            request=sharing_request(setup.health),
            answers={"purpose": "yes", "consent": "no", "identifiable": "no"},
            reasons="Anonymised",
            shared=shared_details(article_6_basis=basis("6(1)(a)")),
        )
    assert "article_6_basis" in error.value.message_dict


def test_sharing_over_a_refusal_raises_a_consent_overridden_escalation(setup, child):
    services.consent_record(
        actor=setup.north.social_worker,
        child=child,
        details=services.ConsentDetails(
            given_by="child",
            capacity_reason="He understands what would be shared, with whom and why.",
            purpose=Purpose.SAFEGUARDING,
            status="refused",
            method="verbal_in_person",
            explanation="I will share without consent: the risk of harm outweighs the refusal.",
            decided_on=date.today(),
        ),
    )
    decision = services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=sharing_request(setup.health),
        answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
        reasons="Risk of significant harm outweighs the refusal",
        shared=shared_details(individual_told=False, not_told_reason="would_increase_risk"),
    )
    assert Escalation.objects.filter(kind=Escalation.Kind.CONSENT_OVERRIDDEN, subject_id=decision.pk).count() == 1


def test_an_amendment_keeps_the_original(setup, child):
    actor = setup.north.social_worker
    original = services.sharing_decision_record(
        actor=actor,
        child=child,
        request=sharing_request(setup.health),
        answers={"purpose": "no", "consent": "no"},
        reasons="No purpose",
    )
    amendment = services.sharing_decision_amend(actor=actor, original=original, reason="The purpose was misread")
    assert amendment.amends == original
    assert amendment.status == "draft"
    original.refresh_from_db()
    assert original.is_locked and original.reasons == "No purpose"
    with pytest.raises(PermissionDenied):
        services.sharing_decision_amend(actor=setup.south.social_worker, original=original, reason="x")
