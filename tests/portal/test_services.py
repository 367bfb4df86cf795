import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from portal import selectors, services, sweeps
from portal.access import object_permissions
from portal.models import ChildAccessGrant, Escalation, Notification, Role
from tests.factories import UserFactory, join, make_child


def visible(user, child) -> bool:
    return selectors.child_list_for_user(user=user).filter(pk=child.pk).exists()


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


def test_revoking_one_basis_keeps_access_another_basis_still_covers(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    other = services.child_access_grant(
        child=child, basis=ChildAccessGrant.Basis.CONSENT, level="view", user=setup.health_visitor
    )
    second = services.child_access_grant(
        child=child, basis=ChildAccessGrant.Basis.REFERRAL, level="view", user=setup.health_visitor
    )
    services.child_access_revoke(grant=other, revoked_by=north.social_worker, reason="Consent withdrawn")
    assert visible(setup.health_visitor, child)
    services.child_access_revoke(grant=second, revoked_by=north.social_worker, reason="Closed")
    assert not visible(setup.health_visitor, child)


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


def test_expired_time_limited_access_is_closed_by_the_sweep(setup, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    services.child_access_grant(
        child=child,
        basis=ChildAccessGrant.Basis.EMERGENCY,
        level="view",
        user=setup.south.screener,
        expires_at=timezone.now() + timedelta(hours=4),
    )
    assert visible(setup.south.screener, child)
    time_machine.move_to(timezone.now() + timedelta(hours=5))
    assert sweeps.run("expire_child_access").counts == {"grants_closed": 1}
    assert not visible(setup.south.screener, child)
    assert sweeps.run("expire_child_access").counts == {"grants_closed": 0}


def test_raising_the_same_escalation_twice_leaves_one_and_tells_once(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    kwargs = {
        "subject": child,
        "kind": Escalation.Kind.SHARING_ADVICE_REQUESTED,
        "level": 1,
        "organisation": north.org,
        "summary": "Advice needed",
        "assignees": [north.cin_manager],
        "child": child,
    }
    first, created = services.escalation_raise(**kwargs)
    second, created_again = services.escalation_raise(**kwargs)

    assert created and not created_again
    assert first.pk == second.pk
    assert Escalation.objects.count() == 1
    assert Notification.objects.filter(recipient=north.cin_manager).count() == 1
    # A new level is a new escalation.
    _, level_two = services.escalation_raise(**{**kwargs, "level": 2})
    assert level_two and Escalation.objects.count() == 2


def test_escalation_acknowledge_and_resolve_follow_the_workflow(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    escalation, _ = services.escalation_raise(
        subject=child,
        kind=Escalation.Kind.CONSENT_OVERRIDDEN,
        level=1,
        organisation=north.org,
        summary="Shared without consent",
        assignees=[north.cin_manager],
    )
    with pytest.raises(PermissionDenied):
        services.escalation_acknowledge(actor=north.social_worker, escalation=escalation)

    services.escalation_acknowledge(actor=north.cin_manager, escalation=escalation)
    with pytest.raises(services.InvalidTransition):
        services.escalation_acknowledge(actor=north.cin_manager, escalation=escalation)
    with pytest.raises(ValidationError):
        services.escalation_resolve(actor=north.cin_manager, escalation=escalation, resolution="", rationale="")

    # The organisation's Caldicott Guardian may act on any of its escalations.
    resolved = services.escalation_resolve(
        actor=north.caldicott, escalation=escalation, resolution="Sharing upheld", rationale="Risk of harm"
    )
    assert resolved.status == "resolved"
    assert resolved.resolved_by == north.caldicott
    with pytest.raises(services.InvalidTransition):
        services.escalation_resolve(actor=north.caldicott, escalation=escalation, resolution="x", rationale="y")
    reasons = list(resolved.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons == ["Escalation raised", "Escalation acknowledged", "Escalation resolved"]


def test_notify_is_idempotent_per_recipient_and_event(setup, django_capture_on_commit_callbacks):
    user = setup.north.social_worker
    with django_capture_on_commit_callbacks(execute=True):
        _, created = services.notify(recipient=user, event_key="e:1", subject="Hello", link="/")
        _, again = services.notify(recipient=user, event_key="e:1", subject="Hello", link="/")
    assert created and not again
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert Notification.objects.get(recipient=user).email_sent_at is not None


def test_notification_email_is_sent_once_even_if_the_task_runs_twice(setup):
    user = setup.north.social_worker
    notification, _ = services.notify(recipient=user, event_key="e:2", subject="Hello")
    mail.outbox.clear()
    Notification.objects.filter(pk=notification.pk).update(email_sent_at=None)
    assert services.notification_email_send(notification_id=notification.pk) is True
    assert services.notification_email_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1
    # The email points to the portal and carries no case details.
    assert "Sign in to the portal" in mail.outbox[0].body


def test_unsent_emails_are_picked_up_by_the_sweep(setup, time_machine, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    user = setup.north.social_worker
    notification, _ = services.notify(recipient=user, event_key="e:3", subject="Hello")
    # As if the broker lost the message: the email never went.
    Notification.objects.filter(pk=notification.pk).update(email_sent_at=None)
    mail.outbox.clear()
    time_machine.move_to(timezone.now() + timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweeps.run("resend_unsent_notification_emails").counts == {"emails_enqueued": 1}
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert sweeps.run("resend_unsent_notification_emails").counts == {"emails_enqueued": 0}
    assert len(mail.outbox) == 1


def test_person_added_to_a_child_needs_edit_access(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    person = services.PersonDetails(first_name="Alex", last_name="Smith")
    relationship = services.RelationshipDetails(kind="significant_other", source="third_party")
    with pytest.raises(PermissionDenied):
        services.person_add_to_child(
            actor=setup.south.social_worker, child=child, person=person, relationship=relationship
        )
    link = services.person_add_to_child(
        actor=north.social_worker, child=child, person=person, relationship=relationship
    )
    assert link.recorded_by == north.social_worker
    assert link.person.history.count() == 1


def test_role_groups_exist_with_their_model_permissions(db):
    user = UserFactory(roles=[Role.TEAM_MANAGER])
    assert user.has_perm("portal.allocate_child")
    practitioner = UserFactory(roles=[Role.PRACTITIONER])
    assert practitioner.has_perm("portal.add_child")
    assert not practitioner.has_perm("portal.allocate_child")
    guardian = UserFactory(roles=[Role.CALDICOTT_GUARDIAN])
    assert guardian.has_perm("portal.change_escalation")
    assert not guardian.has_perm("portal.add_child")
