"""The receiving authority's decision: who may decide, how case responsibility and access move, and
how a dispute is resolved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from guardian.shortcuts import assign_perm

from portal.access import has_object_permission
from portal.models import ChildAccessGrant, Escalation, Notification, Tier
from portal.services import InvalidTransition
from tests.factories import UserFactory, join
from tests.transfers.factories import accept, referred_transfer
from tests.transfers.services.lookups import escalations, visible
from transfers import selectors, services
from transfers.models import CinTransfer


def test_accepting_moves_case_responsibility_and_the_grants_to_the_receiving_team(setup):
    transfer = referred_transfer(setup)
    child = transfer.child
    south_worker = setup.south.social_worker
    transfer = accept(setup, transfer, worker=south_worker, notes="Allocated to Sam")
    child.refresh_from_db()
    assert transfer.state == CinTransfer.State.ACCEPTED
    assert transfer.level_of_need == Tier.CHILD_IN_NEED
    assert transfer.decided_by == setup.south.cin_manager
    assert child.allocated_team == setup.south.cin
    assert child.allocated_worker == south_worker
    # The receiving side now has the whole record; the sending side keeps only the package it sent.
    assert has_object_permission(setup.south.cin_manager, "change_child", child)
    assert has_object_permission(south_worker, "change_child", child)
    assert not has_object_permission(setup.north.social_worker, "view_child", child)
    assert not has_object_permission(setup.north.cin_manager, "view_child", child)
    assert not ChildAccessGrant.objects.filter(child=child, team=setup.north.cin, revoked_at__isnull=True).exists()
    # The sending team still reads the transfer but can no longer change it; the receiving team can.
    assert transfer.pk in visible(setup.north.social_worker)
    assert not selectors.can_work_on(setup.north.social_worker, transfer)
    assert selectors.can_work_on(south_worker, transfer)
    assert Notification.objects.filter(
        recipient=setup.north.social_worker, event_key=f"cin-transfer:{transfer.pk}:accepted"
    ).exists()


def test_a_permanent_move_updates_where_the_child_lives_and_the_level_of_need(setup):
    transfer = accept(setup, referred_transfer(setup), level_of_need=Tier.CHILD_PROTECTION)
    child = transfer.child
    child.refresh_from_db()
    assert child.local_authority == setup.south.org
    assert child.address == "4 New Road\nSouthvale"
    assert child.postcode == "ZZ9 9NN"
    assert child.tier == Tier.CHILD_PROTECTION


def test_a_temporary_move_leaves_the_childs_home_authority_alone(setup):
    transfer = referred_transfer(setup, move_kind=CinTransfer.MoveKind.TEMPORARY)
    accept(setup, transfer)
    transfer.child.refresh_from_db()
    assert transfer.child.local_authority == setup.north.org
    assert transfer.child.allocated_team == setup.south.cin


def test_an_unknown_move_is_treated_as_permanent(setup):
    transfer = referred_transfer(setup, move_kind=CinTransfer.MoveKind.UNKNOWN)
    assert transfer.treated_as_permanent
    accept(setup, transfer)
    transfer.child.refresh_from_db()
    assert transfer.child.local_authority == setup.south.org


def test_a_practitioner_cannot_accept_and_a_manager_accepts_only_for_their_own_team(setup):
    transfer = referred_transfer(setup)
    with pytest.raises(PermissionDenied):
        services.transfer_accept(
            actor=setup.south.screener, transfer=transfer, team=setup.south.mast, level_of_need=Tier.CHILD_IN_NEED
        )
    with pytest.raises(PermissionDenied):
        services.transfer_accept(
            actor=setup.south.mast_manager, transfer=transfer, team=setup.south.cin, level_of_need=Tier.CHILD_IN_NEED
        )
    with pytest.raises(PermissionDenied):  # the sending side never decides
        services.transfer_accept(
            actor=setup.north.cin_manager, transfer=transfer, team=setup.north.cin, level_of_need=Tier.CHILD_IN_NEED
        )
    transfer.refresh_from_db()
    assert transfer.state == CinTransfer.State.REFERRED


def test_deciding_needs_the_team_manager_role_not_just_a_managers_flag(setup):
    transfer = referred_transfer(setup)
    practitioner = join(
        UserFactory(organisation=setup.south.org, roles=["practitioner"]), setup.south.cin, manager=True
    )
    # Receiving managers are given the transfer at referral; this one joined later, so give it by hand.
    assign_perm("transfers.view_cintransfer", practitioner, transfer)
    assert selectors.can_view(practitioner, transfer)
    assert not selectors.can_decide(practitioner, transfer)
    with pytest.raises(PermissionDenied):
        services.transfer_accept(
            actor=practitioner, transfer=transfer, team=setup.south.cin, level_of_need=Tier.CHILD_IN_NEED
        )
    assert setup.south.cin_manager.has_perm("transfers.decide_cintransfer")
    assert not setup.south.screener.has_perm("transfers.decide_cintransfer")
    assert not setup.south.caldicott.has_perm("transfers.decide_cintransfer")


def test_the_level_of_need_is_required_to_accept(setup):
    transfer = referred_transfer(setup)
    with pytest.raises(ValidationError) as error:
        accept(setup, transfer, level_of_need=None)
    assert "level_of_need" in error.value.message_dict


def test_acknowledging_keeps_the_clock_running_and_tells_the_referrer(setup):
    transfer = referred_transfer(setup)
    transfer = services.transfer_acknowledge(actor=setup.south.screener, transfer=transfer)
    assert transfer.state == CinTransfer.State.ACKNOWLEDGED
    assert transfer.is_undecided
    assert Notification.objects.filter(
        recipient=setup.north.social_worker, event_key=f"cin-transfer:{transfer.pk}:acknowledged"
    ).exists()
    with pytest.raises(InvalidTransition):
        services.transfer_acknowledge(actor=setup.south.cin_manager, transfer=transfer)
    with pytest.raises(PermissionDenied):
        services.transfer_acknowledge(actor=setup.north.cin_manager, transfer=transfer)
    assert accept(setup, transfer).state == CinTransfer.State.ACCEPTED


def test_declining_opens_a_dispute_and_its_escalation_at_once(setup):
    transfer = referred_transfer(setup)
    with pytest.raises(ValidationError):
        services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason=" ")
    transfer = services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="Not living here")
    assert transfer.state == CinTransfer.State.DISPUTED
    assert transfer.decline_reason == "Not living here"
    states = list(transfer.history.order_by("history_id").values_list("state", flat=True))
    assert states[-2:] == ["declined", "disputed"]
    dispute = escalations(transfer, Escalation.Kind.TRANSFER_DISPUTED).get()
    assert dispute.level == 1
    assert {setup.north.cin_manager, setup.south.cin_manager} <= set(dispute.assignees.all())
    # The child stays with the sending authority during the dispute.
    transfer.child.refresh_from_db()
    assert transfer.child.allocated_team == setup.north.cin


def test_a_decision_made_second_is_refused_with_a_clear_message(setup):
    transfer = referred_transfer(setup)
    services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="No")
    with pytest.raises(InvalidTransition, match="already been declined by"):
        accept(setup, transfer)
    with pytest.raises(InvalidTransition):
        services.transfer_withdraw(actor=setup.north.social_worker, transfer=transfer, reason="x")


def test_a_dispute_resolved_with_the_receiving_authority_taking_the_case_moves_it(setup):
    transfer = referred_transfer(setup)
    services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="No")
    with pytest.raises(PermissionDenied):  # only a receiving manager takes the case for their team
        services.transfer_resolve_dispute(
            actor=setup.north.cin_manager,
            transfer=transfer,
            resolution="receiving_accepts",
            rationale="Agreed",
            team=setup.north.cin,
            level_of_need=4,
        )
    transfer = services.transfer_resolve_dispute(
        actor=setup.south.cin_manager,
        transfer=transfer,
        resolution="receiving_accepts",
        rationale="Heads of service agreed",
        team=setup.south.cin,
        level_of_need=4,
    )
    assert transfer.state == CinTransfer.State.RESOLVED
    assert transfer.responsibility_moved
    transfer.child.refresh_from_db()
    assert transfer.child.allocated_team == setup.south.cin
    assert escalations(transfer, Escalation.Kind.TRANSFER_DISPUTED).get().status == Escalation.Status.RESOLVED


def test_a_dispute_resolved_with_the_sending_authority_keeping_the_case(setup):
    transfer = referred_transfer(setup)
    services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="No")
    with pytest.raises(PermissionDenied):
        services.transfer_resolve_dispute(
            actor=setup.north.social_worker, transfer=transfer, resolution="sending_retains", rationale="x"
        )
    with pytest.raises(ValidationError):
        services.transfer_resolve_dispute(
            actor=setup.north.cin_manager, transfer=transfer, resolution="sending_retains", rationale=""
        )
    transfer = services.transfer_resolve_dispute(
        actor=setup.north.cin_manager, transfer=transfer, resolution="sending_retains", rationale="Move fell through"
    )
    assert transfer.state == CinTransfer.State.RESOLVED
    assert not transfer.responsibility_moved
    transfer.child.refresh_from_db()
    assert transfer.child.allocated_team == setup.north.cin
    assert Notification.objects.filter(
        recipient=setup.south.cin_manager, event_key=f"cin-transfer:{transfer.pk}:resolved"
    ).exists()


def test_every_step_is_in_the_history_with_its_reason_and_actor(setup):
    transfer = accept(setup, referred_transfer(setup))
    reasons = list(transfer.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == [
        "Transfer started",
        "Family's agreement recorded",
        "Case Transfer Summary saved",
        "Referred to the receiving authority",
        "Accepted by Children in Need",
    ]
