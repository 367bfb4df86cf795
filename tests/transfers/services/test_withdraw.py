"""Withdrawing a transfer before the decision."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.models import Notification
from sharing.models import ConsentRecord, SharingDecision
from tests.transfers.factories import cin_child, draft_transfer, referred_transfer, refused_with_concerns
from transfers import services
from transfers.models import CinTransfer


def test_withdrawing_before_a_decision_needs_a_reason_and_tells_the_receiving_side(setup):
    transfer = referred_transfer(setup)
    with pytest.raises(PermissionDenied):
        services.transfer_withdraw(actor=setup.south.cin_manager, transfer=transfer, reason="x")
    with pytest.raises(ValidationError):
        services.transfer_withdraw(actor=setup.north.social_worker, transfer=transfer, reason="")
    transfer = services.transfer_withdraw(actor=setup.north.social_worker, transfer=transfer, reason="Stayed put")
    assert transfer.state == CinTransfer.State.WITHDRAWN
    assert transfer.withdrawal_reason == "Stayed put"
    assert Notification.objects.filter(
        recipient=setup.south.cin_manager, event_key=f"cin-transfer:{transfer.pk}:withdrawn"
    ).exists()


def test_a_draft_withdrawn_after_the_family_refused_records_the_decision_not_to_share(setup):
    child = cin_child(setup)
    family = refused_with_concerns(child, protection_concerns="none", advice_from="")
    transfer = draft_transfer(setup, child, family=family)
    transfer = services.transfer_withdraw(
        actor=setup.north.social_worker, transfer=transfer, reason="We respect the family's wishes."
    )
    decision = transfer.sharing_decision
    assert decision.outcome == SharingDecision.Outcome.DO_NOT_SHARE
    assert "respect the family's wishes" in decision.reasons
    assert decision.context_id == transfer.pk
    assert transfer.consent_record.status == ConsentRecord.Status.REFUSED
