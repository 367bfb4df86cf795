"""Consent scope (issue 13): consent records what it covers; information of a category outside it is
not shared "with consent" — the decision asks for a lawful reason without consent, or advice."""

import pytest
from django.core.exceptions import ValidationError

from sharing import services
from tests.sharing.factories import basis, give_consent, shared_details, sharing_request


def test_sharing_a_category_the_consent_does_not_cover_is_not_with_consent(setup, child):
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    assert "criminal" not in consent.categories
    with pytest.raises(ValidationError) as error:
        services.sharing_decision_record(
            actor=setup.north.social_worker,
            child=child,
            request=sharing_request(setup.health, setup.health_visitor),
            answers={"purpose": "yes", "consent": "yes"},
            consent=consent,
            reasons="Mother agreed.",
            shared=shared_details(categories=["identity", "criminal"], article_6_basis=basis("6(1)(a)")),
        )
    message = error.value.message_dict["categories"][0]
    assert "Criminal offence data" in message and "not covered" in message


def test_sharing_within_the_consent_is_with_consent(setup, child):
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    decision = services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=sharing_request(setup.health, setup.health_visitor),
        answers={"purpose": "yes", "consent": "yes"},
        consent=consent,
        reasons="Mother agreed.",
        shared=shared_details(categories=["identity"], article_6_basis=basis("6(1)(a)")),
    )
    assert decision.with_consent and decision.consent_record == consent
