"""Withdrawing a move."""

import pytest
from django.core.exceptions import ValidationError

from early_intervention import services
from portal.services import InvalidTransition
from tests.early_intervention.factories import hold_meeting, record


def test_a_referral_outcome_cannot_be_withdrawn(setup):
    move = hold_meeting(setup, record(setup), increased=True, harm=True)
    with pytest.raises(InvalidTransition):
        services.move_withdraw(actor=move.lead_professional, move=move, reason="Changed our minds")
    with pytest.raises(ValidationError):
        services.move_withdraw(actor=move.lead_professional, move=record(setup), reason=" ")
