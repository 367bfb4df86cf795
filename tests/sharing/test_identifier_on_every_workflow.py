"""The consistent identifier rule (Children Act 2004 s16LC) on every workflow that shares about a
child: a MAST referral, a CIN transfer, an Early Intervention move (and the sharing decision each
records). After commencement each carries the child's NHS number or a recorded reason it is left
out; before commencement nothing is asked."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from early_intervention import services as ei_services
from referrals import services as referral_services
from sharing import rules
from tests.early_intervention import factories as ei
from tests.helpers import client_for
from tests.referrals.factories import fill, health_child, start
from tests.transfers import factories as transfers
from transfers import services as transfer_services

COMMENCES = date(2026, 4, 1)
DELAY = rules.ConsistentIdentifier(
    omitted_reason=rules.UNKNOWN_UNREASONABLE_DELAY, explanation="Her GP is closed until Monday."
)


@pytest.fixture(autouse=True)
def commencement():
    with override_settings(PORTAL_CWSA_2026_COMMENCEMENT=COMMENCES):
        yield


@pytest.fixture
def after(time_machine):
    time_machine.move_to(datetime(2026, 5, 5, 12, tzinfo=UTC))


@pytest.fixture
def before(time_machine):
    time_machine.move_to(datetime(2026, 3, 25, 12, tzinfo=UTC))


# --- MAST referrals ----------------------------------------------------------------------------


def test_a_referral_carries_the_nhs_number(setup, after):
    child = health_child(setup)
    referral = fill(start(setup.health_visitor, child), setup.health_visitor)
    referral = referral_services.referral_submit(actor=setup.health_visitor, referral=referral)
    assert referral.identifier_nhs_number == child.nhs_number
    assert referral.sharing_decision.identifier_nhs_number == child.nhs_number


def test_a_referral_without_the_nhs_number_is_not_sent_until_it_says_why(setup, after):
    child = health_child(setup, nhs_number="")
    referral = fill(start(setup.health_visitor, child), setup.health_visitor)
    with pytest.raises(referral_services.IncompleteReferral) as refused:
        referral_services.referral_submit(actor=setup.health_visitor, referral=referral)
    assert [(p.section, p.field) for p in refused.value.problems] == [("concern", "identifier_omitted_reason")]
    referral_services.referral_update(
        actor=setup.health_visitor,
        referral=referral,
        section="concern",
        changes={
            "identifier_omitted_reason": DELAY.omitted_reason,
            "identifier_omitted_explanation": DELAY.explanation,
        },
    )
    referral = referral_services.referral_submit(actor=setup.health_visitor, referral=referral)
    assert referral.identifier_omitted_reason == rules.UNKNOWN_UNREASONABLE_DELAY
    assert referral.sharing_decision.identifier_omitted_reason == rules.UNKNOWN_UNREASONABLE_DELAY
    assert referral.sharing_decision.identifier_omitted_explanation == DELAY.explanation


def test_before_commencement_a_referral_without_the_nhs_number_is_sent(setup, before):
    child = health_child(setup, nhs_number="")
    referral = fill(start(setup.health_visitor, child), setup.health_visitor)
    referral = referral_services.referral_submit(actor=setup.health_visitor, referral=referral)
    assert referral.status == "submitted"
    assert referral.identifier_omitted_reason == ""


def test_the_concern_step_asks_why_when_the_nhs_number_is_missing(setup, after):
    child = health_child(setup, nhs_number="")
    referral = start(setup.health_visitor, child)
    client = client_for(setup.health_visitor)
    url = reverse("referrals:step_concern", args=[referral.pk])
    assert "NHS number is not recorded. Why does this record go without it?" in client.get(url).content.decode()
    data = {
        "concern_categories": ["physical_abuse"],
        "what_happened": "A bruise on the cheek.",
        "referrer_view": "Non-accidental.",
        "urgency": "1",
        "information_categories": ["identity"],
        "sharing_reasons": "MAST must know of the bruise today.",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "say why the record goes without it" in response.content.decode()
    response = client.post(
        url, {**data, "identifier_omitted_reason": rules.MORE_DETRIMENTAL, "identifier_omitted_explanation": "Why"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.identifier_omitted_reason == rules.MORE_DETRIMENTAL


# --- CIN transfers ------------------------------------------------------------------------------


def test_a_transfer_carries_the_nhs_number(setup, after):
    transfer = transfers.referred_transfer(setup)
    assert transfer.identifier_nhs_number == transfer.child.nhs_number
    assert transfer.sharing_decision.identifier_nhs_number == transfer.child.nhs_number


def test_a_transfer_without_the_nhs_number_says_why_in_its_summary(setup, after):
    child = transfers.cin_child(setup, nhs_number="")
    with pytest.raises(ValidationError) as refused:
        transfers.draft_transfer(setup, child)
    assert "identifier_omitted_reason" in refused.value.message_dict
    transfer = child.cin_transfers.get()
    summary = transfer_services.CaseTransferSummary(**{**transfers.SUMMARY.__dict__, "identifier": DELAY})
    worker = setup.north.social_worker
    transfer = transfer_services.transfer_save_summary(actor=worker, transfer=transfer, summary=summary)
    transfer_services.transfer_document_add(
        actor=worker,
        transfer=transfer,
        details=transfer_services.DocumentDetails(kind="cin_plan", title="Child in Need plan"),
        upload=transfers.pdf_upload(),
    )
    transfer = transfer_services.transfer_refer(actor=worker, transfer=transfer)
    assert transfer.identifier_omitted_reason == rules.UNKNOWN_UNREASONABLE_DELAY
    assert transfer.sharing_decision.identifier_omitted_reason == rules.UNKNOWN_UNREASONABLE_DELAY


def test_before_commencement_a_transfer_without_the_nhs_number_is_referred(setup, before):
    transfer = transfers.referred_transfer(setup, child=transfers.cin_child(setup, nhs_number=""))
    assert transfer.state == "referred"
    assert transfer.identifier_omitted_reason == ""


# --- Early Intervention moves --------------------------------------------------------------------


def test_an_early_intervention_move_carries_the_nhs_number(setup, after):
    child = ei.eh_child(setup)
    move = ei.record(setup, child)
    assert move.identifier_nhs_number == child.nhs_number


def test_an_early_intervention_move_without_the_nhs_number_is_recorded_only_with_a_reason(setup, after):
    child = ei.eh_child(setup, nhs_number="")
    actor = setup.north.early_help_worker
    with pytest.raises(ValidationError) as refused:
        ei_services.move_record(actor=actor, child=child, details=ei.details(setup, child))
    assert "identifier_omitted_reason" in refused.value.message_dict
    move = ei_services.move_record(actor=actor, child=child, details=ei.details(setup, child, identifier=DELAY))
    assert move.identifier_omitted_reason == rules.UNKNOWN_UNREASONABLE_DELAY
    assert move.identifier_omitted_explanation == DELAY.explanation


def test_the_shares_an_early_intervention_move_makes_carry_its_identifier(setup, after):
    child = ei.eh_child(setup, nhs_number="")
    move = ei.record(setup, child, planned=True, identifier=DELAY)
    item = ei.add_item(move)
    decision = ei.tick(item, setup.north.early_help_worker).sharing_decision
    assert decision.identifier_omitted_reason == rules.UNKNOWN_UNREASONABLE_DELAY


def test_before_commencement_an_early_intervention_move_without_the_nhs_number_is_recorded(setup, before):
    move = ei.record(setup, ei.eh_child(setup, nhs_number=""))
    assert move.identifier_omitted_reason == ""
