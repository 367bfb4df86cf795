"""Golden rule 7 (issue 13): when consent is refused, the practitioner records their own reasons —
asked on the form and required by the service that records the refusal."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.models import Relationship
from sharing import services
from sharing.models import ConsentRecord, Purpose
from tests.factories import PersonFactory, relate
from tests.helpers import client_for

REASONS = "I will share the whereabouts with the police without consent: the child is at risk."


def _refusal(child, explanation: str) -> services.ConsentDetails:
    mother = PersonFactory()
    relate(child, mother, Relationship.Kind.MOTHER, has_parental_responsibility=True)
    return services.ConsentDetails(
        given_by=ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
        given_by_person=mother,
        purpose=Purpose.SAFEGUARDING,
        status=ConsentRecord.Status.REFUSED,
        method=ConsentRecord.Method.VERBAL_IN_PERSON,
        decided_on=date(2026, 3, 2),
        explanation=explanation,
    )


def test_the_service_refuses_a_refusal_without_the_practitioners_reasons(setup, child):
    with pytest.raises(ValidationError) as error:
        services.consent_record(actor=setup.north.social_worker, child=child, details=_refusal(child, "   "))
    assert error.value.message_dict["explanation"] == [
        "Record your own reasons: what you will do now that consent has been refused, and why"
    ]
    assert not ConsentRecord.objects.exists()


def test_a_refusal_keeps_the_practitioners_reasons_and_shows_them_as_theirs(setup, child):
    record = services.consent_record(actor=setup.north.social_worker, child=child, details=_refusal(child, REASONS))
    assert record.explanation == REASONS
    page = client_for(setup.north.social_worker).get(reverse("sharing:consent_detail", args=[record.pk]))
    assert f"Reasons of {setup.north.social_worker}" in page.content.decode() and REASONS in page.content.decode()


def test_the_consent_form_asks_for_the_practitioners_reasons_when_consent_is_refused(setup, child):
    mother = PersonFactory()
    relate(child, mother, Relationship.Kind.MOTHER, has_parental_responsibility=True)
    data = {
        "status": "refused",
        "given_by": "parental_responsibility",
        "given_by_person": mother.pk,
        "purpose": "safeguarding",
        "method": "verbal_in_person",
        "decided_on_0": "2",
        "decided_on_1": "3",
        "decided_on_2": "2026",
        "explanation": "",
    }
    client = client_for(setup.north.social_worker)
    url = reverse("sharing:consent_create", args=[child.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Record your own reasons: what you will do now that consent has been refused" in response.content.decode()
    assert not ConsentRecord.objects.exists()

    assert client.post(url, data | {"explanation": REASONS}).status_code == 302
    assert ConsentRecord.objects.get().explanation == REASONS
