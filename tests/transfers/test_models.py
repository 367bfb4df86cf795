"""The transfer's states and allowed transitions, its constraints, and history on every model."""

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from tests.transfers.factories import accept, draft_transfer, referred_transfer
from transfers.models import CinTransfer


def test_a_draft_can_only_be_referred_or_withdrawn(setup):
    transfer = draft_transfer(setup)
    assert can_proceed(transfer.refer) and can_proceed(transfer.withdraw)
    for transition in [
        transfer.acknowledge,
        transfer.accept,
        transfer.decline,
        transfer.open_dispute,
        transfer.resolve,
    ]:
        assert not can_proceed(transition)


def test_after_acceptance_nothing_else_can_happen(setup):
    transfer = accept(setup, referred_transfer(setup))
    for transition in [transfer.accept, transfer.decline, transfer.withdraw, transfer.refer, transfer.acknowledge]:
        assert not can_proceed(transition)
    with pytest.raises(TransitionNotAllowed):
        transfer.withdraw(by=setup.north.social_worker, at=timezone.now(), reason="too late")


def test_an_acknowledged_transfer_can_still_be_decided_or_withdrawn(setup):
    transfer = referred_transfer(setup)
    transfer.acknowledge(by=setup.south.cin_manager, at=timezone.now())
    assert transfer.is_undecided
    assert can_proceed(transfer.accept) and can_proceed(transfer.decline) and can_proceed(transfer.withdraw)


def test_the_database_refuses_a_second_open_transfer_for_a_child(setup):
    transfer = draft_transfer(setup)
    duplicate = CinTransfer(
        child=transfer.child,
        sending_authority=transfer.sending_authority,
        sending_team=transfer.sending_team,
        receiving_authority=transfer.receiving_authority,
        created_by=setup.north.social_worker,
        move_date=transfer.move_date,
        move_kind="permanent",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_database_refuses_an_undecided_transfer_without_a_due_date(setup):
    transfer = draft_transfer(setup)
    transfer.state = CinTransfer.State.REFERRED
    with pytest.raises(IntegrityError), transaction.atomic():
        transfer.save()


def test_every_transfers_model_keeps_its_history():
    for model in apps.get_app_config("transfers").get_models():
        if model.__name__.startswith("Historical"):
            continue
        assert hasattr(model, "history"), model.__name__


def test_references_read_well(setup):
    transfer = draft_transfer(setup)
    assert transfer.reference == f"CT-{transfer.pk:06d}"
    assert str(transfer) == f"Child in Need transfer {transfer.reference}"
    assert transfer.get_absolute_url() == f"/transfers/cin/{transfer.pk}/"
