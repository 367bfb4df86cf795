"""The decision clock's sweep: escalations on day 16 and day 21, once each; disputes opened."""

from datetime import date, timedelta

from django.utils import timezone

from portal.models import Escalation, Notification
from tests.transfers.factories import accept, referred_transfer
from tests.transfers.services.lookups import escalations, visible
from transfers import services
from transfers.models import CinTransfer


def sweep(day: date) -> str:
    return services.transfer_escalate_overdue(today=day)


def test_an_undecided_transfer_escalates_on_day_16_and_again_on_day_21_once_each(setup):
    referred = date(2026, 3, 2)
    transfer = referred_transfer(setup, referred_on=referred)
    overdue = Escalation.Kind.TRANSFER_DECISION_OVERDUE
    for day in range(0, 16):
        sweep(referred + timedelta(days=day))
    assert not escalations(transfer).exists()

    for _ in range(3):
        sweep(referred + timedelta(days=16))
    level_one = escalations(transfer, overdue).get()
    assert level_one.level == 1
    assert level_one.organisation == setup.south.org
    assert set(level_one.assignees.all()) == {
        setup.north.cin_manager,
        setup.south.cin_manager,
        setup.south.mast_manager,
    }
    assert Notification.objects.filter(event_key=f"escalation:{level_one.pk}:raised").count() == 3

    for day in range(17, 21):
        sweep(referred + timedelta(days=day))
    assert escalations(transfer, overdue).count() == 1

    for _ in range(3):
        sweep(referred + timedelta(days=21))
    level_two = escalations(transfer, overdue).get(level=2)
    assert set(level_two.assignees.all()) == {
        setup.south.caldicott,
        setup.south.info_lead,
        setup.north.caldicott,
        setup.north.info_lead,
    }
    for day in range(22, 40):
        sweep(referred + timedelta(days=day))
    assert escalations(transfer).count() == 2
    # Whoever must act may read the transfer.
    assert transfer.pk in visible(setup.south.caldicott)


def test_a_sweep_missed_for_days_catches_up_with_both_levels(setup):
    transfer = referred_transfer(setup, referred_on=date(2026, 3, 2))
    counts = sweep(date(2026, 3, 30))
    assert (counts["level_1_raised"], counts["level_2_raised"]) == (1, 1)
    assert escalations(transfer).count() == 2


def test_acknowledged_transfers_escalate_but_decided_or_withdrawn_ones_do_not(setup):
    referred = date(2026, 3, 2)
    acknowledged = referred_transfer(setup, referred_on=referred)
    services.transfer_acknowledge(actor=setup.south.cin_manager, transfer=acknowledged)
    accepted = accept(setup, referred_transfer(setup, referred_on=referred))
    withdrawn = referred_transfer(setup, referred_on=referred)
    services.transfer_withdraw(actor=setup.north.social_worker, transfer=withdrawn, reason="x")
    sweep(referred + timedelta(days=25))
    assert escalations(acknowledged).count() == 2
    assert not escalations(accepted).exists()
    assert not escalations(withdrawn).exists()


def test_accepting_an_overdue_transfer_closes_the_level_1_escalation(setup):
    referred = date(2026, 3, 2)
    transfer = referred_transfer(setup, referred_on=referred)
    sweep(referred + timedelta(days=16))
    accept(setup, transfer)
    assert escalations(transfer).get().status == Escalation.Status.RESOLVED


def test_the_sweep_opens_the_dispute_of_a_declined_transfer_left_without_one(setup):
    transfer = referred_transfer(setup)
    # A decline recorded without its dispute (say, written before disputes existed).
    transfer.decline(by=setup.south.cin_manager, at=timezone.now(), reason="No")
    transfer.save()
    assert sweep(timezone.localdate())["disputes_opened"] == 1
    transfer.refresh_from_db()
    assert transfer.state == CinTransfer.State.DISPUTED
    assert escalations(transfer, Escalation.Kind.TRANSFER_DISPUTED).count() == 1
    assert sweep(timezone.localdate())["disputes_opened"] == 0


def test_the_sweep_is_registered_with_the_core():
    from portal import sweeps

    assert "escalate_overdue_transfers" in sweeps.registered_names()
    assert sweeps.get("escalate_overdue_transfers") is services.transfer_escalate_overdue
