"""Recording a child and allocating them: the access that allocation carries moves with it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal import services
from portal.access import object_permissions
from portal.models import ChildAccessGrant, Notification
from tests.factories import join, make_child
from tests.portal.services import visible


def test_creating_a_child_allocates_it_to_the_creator_and_their_team(setup):
    worker = setup.north.social_worker
    child = make_child(worker=worker, team=setup.north.cin)

    assert child.allocated_worker == worker
    assert child.allocated_team == setup.north.cin
    assert object_permissions(worker, child) == {"view_child", "change_child"}
    assert visible(setup.north.cin_manager, child)  # a member of the team, through the team's group
    assert not visible(setup.south.social_worker, child)
    assert not visible(setup.north.early_help_worker, child)
    assert child.history.first().history_change_reason == "Allocated on creation"


def test_a_practitioner_cannot_add_a_child_to_a_team_they_are_not_in(setup):
    with pytest.raises(PermissionDenied):
        make_child(worker=setup.north.social_worker, team=setup.south.cin)


def test_a_user_without_the_role_cannot_add_children(setup):
    with pytest.raises(PermissionDenied):
        make_child(worker=setup.north.caldicott, team=setup.north.cin)


def test_the_same_nhs_number_cannot_be_recorded_twice(setup):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    with pytest.raises(ValidationError) as error:
        make_child(worker=setup.south.social_worker, team=setup.south.cin, nhs_number=child.nhs_number)
    assert "nhs_number" in error.value.message_dict


def test_allocation_moves_access_from_the_old_team_and_worker_to_the_new(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    # The manager of both teams reallocates the child to early help.
    join(north.cin_manager, north.early_help, manager=True)

    services.child_allocate(actor=north.cin_manager, child=child, team=north.early_help, worker=north.early_help_worker)

    assert visible(north.early_help_worker, child)
    assert "change_child" in object_permissions(north.early_help_worker, child)
    assert not visible(north.social_worker, child)  # lost: the allocation was their only basis
    child.refresh_from_db()
    assert child.allocated_team == north.early_help
    revoked = ChildAccessGrant.objects.filter(child=child, revoked_at__isnull=False)
    assert {g.basis for g in revoked} == {"allocated_team", "allocated_worker"}
    # The new worker is told.
    assert Notification.objects.filter(recipient=north.early_help_worker, subject__icontains="allocated").count() == 1


def test_only_a_manager_of_the_childs_team_can_allocate(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    with pytest.raises(PermissionDenied):
        services.child_allocate(actor=north.social_worker, child=child, team=north.cin, worker=north.social_worker)
    with pytest.raises(PermissionDenied):
        services.child_allocate(actor=north.mast_manager, child=child, team=north.mast, worker=None)


def test_allocating_to_a_worker_outside_the_team_is_refused(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    with pytest.raises(ValidationError):
        services.child_allocate(actor=north.cin_manager, child=child, team=north.cin, worker=north.screener)
