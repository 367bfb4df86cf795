"""Issue 13: a dispute goes past level 1 as it stays open (DESIGN §10): level 2 to both authorities'
Caldicott Guardians and lead information officers after a set number of working days, and the
resolution closes both levels."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from portal import sweeps
from portal.models import Escalation
from tests.transfers.factories import referred_transfer
from transfers import services
from transfers.models import CinTransfer
from transfers.services.sweeps import transfer_escalate_disputes

LONDON = ZoneInfo("Europe/London")


def _disputed(setup) -> CinTransfer:
    transfer = referred_transfer(setup)
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=LONDON), tick=False):  # a Monday
        return services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="Not resident")


def test_a_dispute_still_open_after_five_working_days_goes_to_level_2_once(setup):
    transfer = _disputed(setup)
    assert "escalate_open_disputes" in sweeps.registered_names()
    assert transfer_escalate_disputes(today=date(2026, 3, 6)) == {"level_2_raised": 0}
    assert transfer_escalate_disputes(today=date(2026, 3, 9)) == {"level_2_raised": 1}
    assert transfer_escalate_disputes(today=date(2026, 3, 10)) == {"level_2_raised": 0}
    senior = Escalation.objects.get(kind=Escalation.Kind.TRANSFER_DISPUTED, level=2, subject_id=transfer.pk)
    assert set(senior.assignees.all()) == {
        setup.north.caldicott,
        setup.north.info_lead,
        setup.south.caldicott,
        setup.south.info_lead,
    }

    services.transfer_resolve_dispute(
        actor=setup.north.cin_manager,
        transfer=transfer,
        resolution=CinTransfer.Resolution.SENDING_RETAINS,
        rationale="Agreed between the heads of service",
    )
    disputes = Escalation.objects.filter(kind=Escalation.Kind.TRANSFER_DISPUTED, subject_id=transfer.pk)
    assert disputes.count() == 2
    assert not disputes.exclude(status=Escalation.Status.RESOLVED).exists()


def test_the_number_of_working_days_is_a_setting(setup, settings):
    settings.TRANSFER_DISPUTE_LEVEL_TWO_WORKING_DAYS = 2
    _disputed(setup)
    assert transfer_escalate_disputes(today=date(2026, 3, 3)) == {"level_2_raised": 0}
    assert transfer_escalate_disputes(today=date(2026, 3, 4)) == {"level_2_raised": 1}
