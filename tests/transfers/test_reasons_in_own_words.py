"""Golden rule 7 (issue 13): a transfer's sharing decision records why the sending team shares in its
own words (required with the Case Transfer Summary, checked again when referred) and what was shared
from its own summary; an agreement given by the child shows the judgement of their capacity."""

from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sharing.models import ConsentRecord
from tests.helpers import client_for
from tests.transfers.factories import SUMMARY, agreed, cin_child, draft_transfer
from transfers import services
from transfers.models import CinTransfer


def test_the_sharing_decision_records_why_and_what_in_the_sending_teams_words(setup):
    transfer = draft_transfer(setup)
    transfer = services.transfer_refer(actor=setup.north.social_worker, transfer=transfer)
    decision = transfer.sharing_decision
    assert decision.reasons.startswith(SUMMARY.sharing_reasons)
    assert SUMMARY.reason_for_involvement in decision.summary_facts
    assert SUMMARY.outstanding_actions in decision.summary_facts
    assert SUMMARY.risks in decision.summary_opinion and SUMMARY.family_views in decision.summary_opinion
    assert "Case Transfer Summary: reason for involvement, current plan" not in decision.summary_facts


def test_the_summary_is_not_saved_without_the_reasons_for_sharing(setup):
    transfer = draft_transfer(setup)
    with pytest.raises(ValidationError) as error:
        services.transfer_save_summary(
            actor=setup.north.social_worker, transfer=transfer, summary=replace(SUMMARY, sharing_reasons="  ")
        )
    assert "sharing_reasons" in error.value.message_dict


def test_a_draft_without_the_reasons_for_sharing_is_not_referred(setup):
    transfer = draft_transfer(setup)
    CinTransfer.objects.filter(pk=transfer.pk).update(sharing_reasons="")  # a draft saved before it was asked
    transfer.refresh_from_db()
    with pytest.raises(ValidationError, match="Complete the Case Transfer Summary"):
        services.transfer_refer(actor=setup.north.social_worker, transfer=transfer)
    transfer.refresh_from_db()
    assert transfer.sharing_decision is None


def test_the_summary_page_asks_why_the_information_is_shared(setup):
    transfer = draft_transfer(setup)
    response = client_for(setup.north.social_worker).post(
        reverse("transfers:cin_summary", args=[transfer.pk]),
        {**{k: v for k, v in SUMMARY.__dict__.items() if k != "sharing_reasons"}},
    )
    assert response.status_code == 200
    assert "Say why you are sharing this information with the receiving authority" in response.content.decode()


def test_the_check_page_and_the_summary_show_the_capacity_of_a_child_who_agreed(setup):
    child = cin_child(setup)  # 8 years old: Gillick competence, with the practitioner's reason
    reason = "He understands what moving his case means and who will read it."
    family = agreed(child, given_by=ConsentRecord.GivenBy.CHILD, person=None, capacity_reason=reason)
    transfer = draft_transfer(setup, child=child, family=family)
    check = client_for(setup.north.social_worker).get(reverse("transfers:cin_check", args=[transfer.pk]))
    assert f"Judged competent to decide (Gillick competence): {reason}" in check.content.decode()

    transfer = services.transfer_refer(actor=setup.north.social_worker, transfer=transfer)
    assert transfer.consent_record.capacity == "gillick_competent"
    preview = client_for(setup.south.cin_manager).get(reverse("transfers:cin_detail", args=[transfer.pk]))
    assert f"Judged competent to decide (Gillick competence): {reason}" in preview.content.decode()


def test_no_capacity_is_shown_when_a_parent_agreed(setup):
    transfer = draft_transfer(setup)
    check = client_for(setup.north.social_worker).get(reverse("transfers:cin_check", args=[transfer.pk]))
    assert 'data-testid="capacity"' not in check.content.decode()
