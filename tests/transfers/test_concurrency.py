"""Two managers deciding on the same transfer at the same moment (PostgreSQL: real row locks).
Exactly one decision is made; the other gets a clear InvalidTransition."""

import time

import pytest

from tests.helpers import race
from tests.transfers.factories import referred_transfer
from transfers import services
from transfers.models import CinTransfer
from transfers.services import decide

pytestmark = pytest.mark.postgres


@pytest.fixture
def slow_save(monkeypatch):
    """Hold each decision open a moment before it is written, so that without the row lock both
    managers would read "referred" and both decide."""
    original = decide._save

    def slow(instance, *, reason, by=None):
        if isinstance(instance, CinTransfer):
            time.sleep(0.3)
        original(instance, reason=reason, by=by)

    monkeypatch.setattr(decide, "_save", slow)


@pytest.mark.parametrize("twice", ["accept_and_decline", "accept_and_accept"])
def test_two_simultaneous_decisions_make_exactly_one(
    postgres, transactional_db, django_db_serialized_rollback, setup, slow_save, twice
):
    transfer = referred_transfer(setup)
    south = setup.south

    def accept_cin():
        services.transfer_accept(actor=south.cin_manager, transfer=transfer, team=south.cin, level_of_need=4)

    def accept_mast():
        services.transfer_accept(actor=south.mast_manager, transfer=transfer, team=south.mast, level_of_need=4)

    def decline():
        services.transfer_decline(actor=south.mast_manager, transfer=transfer, reason="Not living here")

    outcomes = race(accept_cin, decline if twice == "accept_and_decline" else accept_mast)

    assert outcomes.count("decided") == 1, outcomes
    loser = next(o for o in outcomes if o != "decided")
    assert loser.startswith("This transfer has already been")
    transfer.refresh_from_db()
    states = list(transfer.history.values_list("state", flat=True))
    assert states.count("accepted") + states.count("declined") == 1
    transfer.child.refresh_from_db()
    if transfer.state == CinTransfer.State.ACCEPTED:
        assert transfer.child.allocated_team == transfer.receiving_team
    else:
        assert transfer.state == CinTransfer.State.DISPUTED
        assert transfer.child.allocated_team == setup.north.cin
