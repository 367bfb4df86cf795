"""Keeping the family informed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.transfers.factories import accept, referred_transfer
from transfers import services
from transfers.models import FamilyUpdate


def test_family_updates_log_what_was_told_when_and_by_whom(setup):
    transfer = referred_transfer(setup)
    details = services.FamilyUpdateDetails(
        told_on=timezone.localdate(), who_was_told="Mother", method="phone", what_was_told="Referral made"
    )
    update = services.family_update_record(actor=setup.north.social_worker, transfer=transfer, details=details)
    assert update.told_by == setup.north.social_worker
    with pytest.raises(PermissionDenied):  # the receiving side is not working with the family yet
        services.family_update_record(actor=setup.south.cin_manager, transfer=transfer, details=details)
    future = services.FamilyUpdateDetails(
        told_on=timezone.localdate() + timedelta(days=1), who_was_told="", method="", what_was_told=""
    )
    with pytest.raises(ValidationError) as error:
        services.family_update_record(actor=setup.north.social_worker, transfer=transfer, details=future)
    assert set(error.value.message_dict) == {"told_on", "who_was_told", "method", "what_was_told"}
    accept(setup, transfer)
    services.family_update_record(actor=setup.south.cin_manager, transfer=transfer, details=details)
    assert FamilyUpdate.objects.filter(transfer=transfer).count() == 2
