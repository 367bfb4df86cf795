"""Sharing decision pages: the questions, the outcome, advice and amendments."""

import re

from django.urls import reverse

from sharing import services
from sharing.models import SharingDecision
from tests.helpers import client_for
from tests.sharing.factories import (
    give_consent,
    health_request,
    record_decision,
)


def test_decision_pages_role_matrix(setup, child):
    draft = services.sharing_decision_start(actor=setup.north.social_worker, child=child, request=health_request(setup))
    question = reverse("sharing:decision_question", args=[draft.pk, "purpose"])
    detail = reverse("sharing:decision_detail", args=[draft.pk])
    assert client_for(setup.north.social_worker).get(question).status_code == 200
    assert client_for(setup.north.cin_manager).get(question).status_code == 403  # sees the child, not their decision
    assert client_for(setup.north.cin_manager).get(detail).status_code == 200
    assert client_for(setup.north.caldicott).get(detail).status_code == 200  # the organisation's guardian
    assert client_for(setup.south.caldicott).get(detail).status_code == 404
    assert client_for(setup.south.social_worker).get(question).status_code == 404
    advice = reverse("sharing:decision_advice", args=[draft.pk])
    assert client_for(setup.north.social_worker).get(advice).status_code == 403
    assert client_for(setup.south.caldicott).get(advice).status_code == 404


def test_amend_role_matrix(setup, child):
    decision = record_decision(setup, child)
    url = reverse("sharing:decision_amend", args=[decision.pk])
    assert client_for(setup.north.social_worker).get(url).status_code == 200
    assert client_for(setup.north.caldicott).get(url).status_code == 200
    assert client_for(setup.north.cin_manager).get(url).status_code == 403
    assert client_for(setup.south.social_worker).get(url).status_code == 404


def test_the_question_pages_walk_the_flow_and_prefill_consent(setup, child):
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    client = client_for(setup.north.social_worker)
    response = client.post(
        reverse("sharing:decision_start", args=[child.pk]),
        {
            "requested_by": "HV",
            "recipient_organisation": setup.health.pk,
            "recipient_name": "Hana",
            "purpose": "safeguarding",
            "purpose_detail": "Plan visits",
        },
    )
    decision = SharingDecision.objects.get()
    assert response.url == reverse("sharing:decision_question", args=[decision.pk, "purpose"])
    # Jumping ahead is not allowed: the flow sends you to the question it needs.
    skip = client.get(reverse("sharing:decision_question", args=[decision.pk, "lawful_without_consent"]))
    assert skip.url == reverse("sharing:decision_question", args=[decision.pk, "purpose"])
    response = client.post(reverse("sharing:decision_question", args=[decision.pk, "purpose"]), {"answer": "yes"})
    assert response.url == reverse("sharing:decision_question", args=[decision.pk, "consent"])
    page = client.get(response.url)
    assert b'data-testid="consent-in-force"' in page.content
    checked = re.search(r'<input[^>]*value="yes"[^>]*>', page.content.decode()).group(0)
    assert 'checked="checked"' in checked  # pre-filled from the consent in force
    response = client.post(reverse("sharing:decision_question", args=[decision.pk, "consent"]), {"answer": "yes"})
    assert response.url == reverse("sharing:decision_outcome", args=[decision.pk])
    decision.refresh_from_db()
    assert decision.consent_record == consent
    assert b"You can share" in client.get(response.url).content


def test_an_empty_answer_is_a_govuk_error(setup, child):
    draft = services.sharing_decision_start(actor=setup.north.social_worker, child=child, request=health_request(setup))
    response = client_for(setup.north.social_worker).post(
        reverse("sharing:decision_question", args=[draft.pk, "purpose"]), {}
    )
    assert response.status_code == 200
    assert b"Choose yes, no or not sure" in response.content


def test_share_page_says_a_missing_agreement_is_not_a_reason_not_to_share(setup, child):
    actor = setup.north.social_worker
    decision = services.sharing_decision_start(actor=actor, child=child, request=health_request(setup))
    for q, a in [("purpose", "yes"), ("consent", "no"), ("identifiable", "no")]:
        decision = services.sharing_decision_answer(actor=actor, decision=decision, question=q, answer=a)
    page = client_for(actor).get(reverse("sharing:decision_outcome", args=[decision.pk]))
    assert b'data-testid="no-agreement"' in page.content
    assert b"never, by itself, a reason not to share" in page.content


def test_a_locked_decision_cannot_be_changed_through_the_pages(setup, child):
    decision = record_decision(setup, child)
    client = client_for(setup.north.social_worker)
    response = client.post(reverse("sharing:decision_question", args=[decision.pk, "purpose"]), {"answer": "no"})
    assert response.status_code == 302 and response.url == decision.get_absolute_url()
    decision.refresh_from_db()
    assert decision.purpose_answer == "yes"


def test_a_question_the_flow_never_reached_leads_to_the_outcome(setup, child):
    actor = setup.north.social_worker
    decision = services.sharing_decision_start(actor=actor, child=child, request=health_request(setup))
    decision = services.sharing_decision_answer(actor=actor, decision=decision, question="purpose", answer="unsure")
    response = client_for(actor).get(reverse("sharing:decision_question", args=[decision.pk, "identifiable"]))
    assert response.url == reverse("sharing:decision_outcome", args=[decision.pk])
    assert (
        client_for(actor).get(reverse("sharing:decision_question", args=[decision.pk, "nonsense"])).status_code == 302
    )
