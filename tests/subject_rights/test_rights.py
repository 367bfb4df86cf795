"""Rectification and restriction: the person's statement shown with the record where we disagree;
a restricted record can be viewed but the sharing service refuses to share it until lifted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sharing import services as sharing_services
from subject_rights import services
from subject_rights.models import Rectification
from tests.helpers import client_for
from tests.sharing.factories import basis, health_request, record_decision
from tests.subject_rights.factories import family


def test_a_disputed_record_shows_the_persons_statement_with_it(setup):
    fam = family(setup)
    with pytest.raises(ValidationError) as refused:
        services.rectification_record(
            actor=setup.north.info_lead,
            child=fam.child,
            requester="Paula Parent",
            received_on=timezone.localdate(),
            what_is_wrong="The record says we missed appointments",
            decision=Rectification.Decision.DISAGREED,
            decision_reason="The health visitor's notes confirm it",
        )
    assert "statement" in refused.value.error_dict
    services.rectification_record(
        actor=setup.north.info_lead,
        child=fam.child,
        requester="Paula Parent",
        received_on=timezone.localdate(),
        what_is_wrong="The record says we missed appointments",
        decision=Rectification.Decision.DISAGREED,
        decision_reason="The health visitor's notes confirm it",
        statement="We were in hospital on both dates.",
    )
    page = client_for(setup.north.social_worker).get(reverse("portal:child_detail", args=[fam.child.pk]))
    assert "We were in hospital on both dates." in page.content.decode()


def test_only_the_holders_lead_information_officer_records_rights(setup):
    fam = family(setup)
    for user in (setup.north.social_worker, setup.south.info_lead):
        with pytest.raises(PermissionDenied):
            services.restriction_place(actor=user, child=fam.child, reason="Accuracy contested")


def test_a_restricted_record_is_viewed_but_not_shared_until_lifted(setup):
    fam = family(setup)
    restriction = services.restriction_place(actor=setup.north.info_lead, child=fam.child, reason="Accuracy contested")
    worker = client_for(setup.north.social_worker)
    page = worker.get(reverse("portal:child_detail", args=[fam.child.pk]))
    assert page.status_code == 200 and "can be viewed but not shared" in page.content.decode()
    with pytest.raises(ValidationError) as refused:
        record_decision(setup, fam.child)
    assert "restricted" in " ".join(refused.value.messages)
    services.restriction_lift(actor=setup.north.info_lead, restriction=restriction, reason="Corrected")
    assert record_decision(setup, fam.child).outcome == "share"


def test_the_sharing_form_shows_the_restriction_as_a_govuk_error(setup):
    actor = setup.north.social_worker
    fam = family(setup)
    decision = sharing_services.sharing_decision_start(actor=actor, child=fam.child, request=health_request(setup))
    for question, answer in [("purpose", "yes"), ("consent", "no"), ("identifiable", "no")]:
        decision = sharing_services.sharing_decision_answer(
            actor=actor, decision=decision, question=question, answer=answer
        )
    services.restriction_place(actor=setup.north.info_lead, child=fam.child, reason="Accuracy contested")
    today = timezone.localdate()
    page = client_for(actor).post(
        reverse("sharing:decision_outcome", args=[decision.pk]),
        {
            "categories": ["identity"],
            "item_1": "Attendance has fallen.",
            "item_1_nature": "fact",
            "method": "secure_email",
            "shared_on_0": str(today.day),
            "shared_on_1": str(today.month),
            "shared_on_2": str(today.year),
            "article_6_basis": basis("6(1)(e)").pk,
            "individual_told": "yes",
            "reasons": "Needed to plan visits",
        },
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "govuk-error-summary" in body and "This record is restricted" in body
    decision.refresh_from_db()
    assert decision.status == "draft"


def test_the_officer_restricts_and_lifts_through_the_rights_page(setup):
    fam = family(setup)
    client = client_for(setup.north.info_lead)
    url = reverse("subject_rights:child_rights", args=[fam.child.pk])
    empty = client.post(url, {"action": "restrict"})
    assert empty.status_code == 200 and b"Say why the record is restricted" in empty.content
    assert client.post(url, {"action": "restrict", "reason": "Accuracy contested"}).status_code == 302
    assert b'data-testid="restriction"' in client.get(url).content
    assert client.post(url, {"action": "lift", "lift_reason": "Corrected"}).status_code == 302
    assert b'data-testid="restriction"' not in client.get(url).content
