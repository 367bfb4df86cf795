"""Starting a transfer and drafting it: who may, for which child, and who sees a draft."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.models import Tier
from tests.factories import UserFactory, make_child
from tests.transfers.factories import cin_child, draft_transfer, move_to
from tests.transfers.services.lookups import visible
from transfers import services
from transfers.models import CinTransfer


def test_only_the_childs_team_can_start_a_transfer(setup):
    child = cin_child(setup)
    with pytest.raises(PermissionDenied):
        services.transfer_start(actor=setup.south.social_worker, child=child, move=move_to(setup))
    with pytest.raises(PermissionDenied):
        services.transfer_start(actor=setup.north.caldicott, child=child, move=move_to(setup))
    transfer = services.transfer_start(actor=setup.north.social_worker, child=child, move=move_to(setup))
    assert transfer.state == CinTransfer.State.DRAFT
    assert transfer.sending_team == setup.north.cin
    assert transfer.sending_authority == setup.north.org
    assert transfer.history.first().history_change_reason == "Transfer started"


def test_a_transfer_is_for_a_child_in_need_case_to_another_authority(setup):
    below = make_child(worker=setup.north.social_worker, team=setup.north.cin, tier=Tier.EARLY_INTERVENTION)
    with pytest.raises(ValidationError, match="Tier 4"):
        services.transfer_start(actor=setup.north.social_worker, child=below, move=move_to(setup))
    child = cin_child(setup)
    with pytest.raises(ValidationError) as error:
        services.transfer_start(actor=setup.north.social_worker, child=child, move=move_to(setup, "north"))
    assert "another local authority" in error.value.message_dict["receiving_authority"][0]
    wrong_team = move_to(setup, receiving_team=setup.north.cin)
    with pytest.raises(ValidationError) as error:
        services.transfer_start(actor=setup.north.social_worker, child=child, move=wrong_team)
    assert "receiving_team" in error.value.message_dict


def test_a_child_has_one_open_transfer_at_a_time(setup):
    transfer = draft_transfer(setup)
    with pytest.raises(ValidationError, match="already has a transfer in progress"):
        services.transfer_start(actor=setup.north.social_worker, child=transfer.child, move=move_to(setup))
    services.transfer_withdraw(actor=setup.north.social_worker, transfer=transfer, reason="Did not move")
    again = services.transfer_start(actor=setup.north.social_worker, child=transfer.child, move=move_to(setup))
    assert again.pk != transfer.pk


def test_a_draft_is_seen_only_by_the_sending_team(setup):
    transfer = draft_transfer(setup)
    assert transfer.pk in visible(setup.north.social_worker)
    assert transfer.pk in visible(setup.north.cin_manager)
    for user in [
        setup.south.cin_manager,
        setup.south.mast_manager,
        setup.south.screener,
        setup.north.early_help_worker,
    ]:
        assert transfer.pk not in visible(user)


def test_a_model_permission_or_superuser_status_never_opens_every_transfer(setup):
    transfer = draft_transfer(setup)
    admin = UserFactory(is_superuser=True, organisation=setup.south.org, roles=["team_manager"])
    assert admin.has_perm("transfers.view_cintransfer")
    assert transfer.pk not in visible(admin)
