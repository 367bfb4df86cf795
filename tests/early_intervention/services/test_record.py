"""Recording a move: the consent it relies on or records, what is checked, and who then sees the move
and the child; and the agencies' named contacts."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from early_intervention import services
from early_intervention.models import AgreedPlanItem, EarlyInterventionMove
from early_intervention.selectors import move_list_for_user
from portal.access import has_object_permission
from portal.models import ChildAccessGrant, Tier
from portal.services import InvalidTransition
from sharing import services as sharing
from sharing.models import ConsentRecord, Purpose
from tests.early_intervention.factories import (
    add_item,
    agency,
    consent,
    details,
    eh_child,
    hold_meeting,
    mother_of,
    record,
    tick,
)
from tests.factories import make_child

Move = EarlyInterventionMove
State = Move.State


def test_consent_already_in_force_is_linked_not_recorded_again(setup):
    child = eh_child(setup)
    existing = sharing.consent_record(
        actor=setup.north.early_help_worker,
        child=child,
        details=sharing.ConsentDetails(
            given_by=ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
            given_by_person=mother_of(child),
            purpose=Purpose.EARLY_HELP,
            status=ConsentRecord.Status.GIVEN,
            method=ConsentRecord.Method.IN_WRITING,
            decided_on=timezone.localdate() - timedelta(days=30),
            recipients=[setup.health, setup.south.org],
        ),
    )
    move = record(setup, child, planned=True, consent=consent(child, existing=existing))
    assert move.consent_record == existing
    assert ConsentRecord.objects.filter(child=child).count() == 1
    assert move.state == State.AGREED_PLAN

    # A withdrawn consent cannot be relied on.
    other = eh_child(setup)
    withdrawn = sharing.consent_record(
        actor=setup.north.early_help_worker,
        child=other,
        details=sharing.ConsentDetails(
            given_by=ConsentRecord.GivenBy.CHILD,
            capacity_reason="She understands what would be shared and why.",
            purpose=Purpose.EARLY_HELP,
            status=ConsentRecord.Status.GIVEN,
            method=ConsentRecord.Method.IN_WRITING,
            decided_on=timezone.localdate(),
            recipients=[setup.south.org],
        ),
    )
    sharing.consent_withdraw(actor=setup.north.early_help_worker, consent=withdrawn, method="in_writing", note="")
    with pytest.raises(ValidationError) as error:
        record(setup, other, consent=consent(other, existing=withdrawn))
    assert "existing_consent" in error.value.message_dict


def test_consent_withdrawn_before_the_meeting_changes_the_outcome_and_stops_sending(setup):
    worker = setup.north.early_help_worker
    move = record(setup)
    sharing.consent_withdraw(actor=worker, consent=move.consent_record, method="phone", note="Mother changed her mind")
    assert hold_meeting(setup, move).state == State.PLAN_UPDATED_CHECKLIST

    planned = record(setup, planned=True)
    item = add_item(planned)
    sharing.consent_withdraw(actor=worker, consent=planned.consent_record, method="phone", note="")
    # The move takes the no-consent branch (issue 13): nothing more is sent under the plan.
    with pytest.raises(InvalidTransition, match="nothing is ticked off now"):
        tick(item, worker)
    assert not AgreedPlanItem.objects.get(pk=item.pk).is_done


def test_consent_refused_or_given_needs_who_how_and_when(setup):
    child = eh_child(setup)
    with pytest.raises(ValidationError) as error:
        record(setup, child, consent=services.MoveConsent(status=Move.Consent.REFUSED))
    assert set(error.value.message_dict) >= {
        "consent_from",
        "consent_method",
        "consent_decided_on",
        "consent_refused_reasons",  # the practitioner's own reasons (issue 13)
    }
    with pytest.raises(ValidationError) as error:
        record(setup, child, consent=services.MoveConsent(status=Move.Consent.NOT_OBTAINED))
    assert "consent_explanation" in error.value.message_dict
    assert not ConsentRecord.objects.filter(child=child).exists()


def test_recording_checks_the_move(setup):
    child = eh_child(setup)
    cases = {
        "plan_reference": {"plan_reference": " "},
        "tier": {"tier": 4},
        "destination": {"destination": "north"},  # the child's own authority
        "move_date": {"move_date": timezone.localdate() + timedelta(days=1)},  # unplanned, in the future
        "agencies": {"agencies": []},  # a Tier 3 plan is multi-agency
        "lead_team": {"lead_team": setup.north.cin},  # not the worker's team
    }
    for field, overrides in cases.items():
        with pytest.raises(ValidationError) as error:
            services.move_record(
                actor=setup.north.early_help_worker, child=child, details=details(setup, child, **overrides)
            )
        assert field in error.value.message_dict, field
    with pytest.raises(ValidationError) as error:
        record(setup, child, planned=True, destination=None)
    assert "A planned move has a destination" in str(error.value)
    assert not Move.objects.exists()
    # A Tier 2 child may have a single-agency plan.
    tier_two = eh_child(setup, tier=Tier.ADDITIONAL)
    assert record(setup, tier_two, agencies=[]).agencies.count() == 1


def test_one_move_at_a_time_and_not_for_a_child_in_need(setup):
    child = eh_child(setup)
    record(setup, child)
    with pytest.raises(ValidationError, match="already has an Early Intervention move in progress"):
        record(setup, child)
    cin = make_child(worker=setup.north.social_worker, team=setup.north.cin, tier=Tier.CHILD_IN_NEED)
    with pytest.raises(ValidationError, match="Child in Need"):
        services.move_record(
            actor=setup.north.social_worker,
            child=cin,
            details=details(setup, cin, agencies=[], consent_status=Move.Consent.NOT_OBTAINED),
        )


def test_only_someone_who_works_on_the_childs_record_records_a_move(setup):
    child = eh_child(setup)
    for outsider in [setup.health_visitor, setup.north.social_worker, setup.south.early_help_worker]:
        with pytest.raises(PermissionDenied):
            services.move_record(actor=outsider, child=child, details=details(setup, child))
    with pytest.raises(PermissionDenied):
        services.move_record(actor=setup.north.caldicott, child=child, details=details(setup, child))


def test_the_agencies_on_the_plan_see_the_move_and_the_child_and_nobody_else(setup):
    from tests.early_intervention.factories import eh_manager

    manager = eh_manager(setup)
    move = record(setup)
    child = move.child
    on_plan = [
        setup.north.early_help_worker,
        manager,
        setup.health_visitor,
        setup.north.social_worker,
        setup.north.cin_manager,
    ]
    for user in on_plan:
        assert move_list_for_user(user=user).filter(pk=move.pk).exists(), user.username
    for user in [
        setup.north.screener,
        setup.north.mast_manager,
        setup.north.caldicott,
        setup.north.info_lead,
        setup.south.early_help_worker,
        setup.south.cin_manager,
    ]:
        assert not move_list_for_user(user=user).filter(pk=move.pk).exists(), user.username
    # Only the lead professional's team works on it.
    assert has_object_permission(manager, "change_earlyinterventionmove", move)
    assert not has_object_permission(setup.health_visitor, "change_earlyinterventionmove", move)
    # The agencies see the child's record on the strength of the move.
    grant = ChildAccessGrant.objects.get(child=child, team=setup.health_team)
    assert grant.basis == ChildAccessGrant.Basis.EARLY_INTERVENTION and grant.source == move
    assert grant.level == ChildAccessGrant.Level.VIEW
    assert has_object_permission(setup.health_visitor, "view_child", child)
    assert not has_object_permission(setup.health_visitor, "change_child", child)

    # Withdrawing the move ends that access.
    services.move_withdraw(actor=setup.north.early_help_worker, move=move, reason="They stayed.")
    assert not has_object_permission(setup.health_visitor, "view_child", child)
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_the_agency_names_its_own_contact_and_the_lead_names_any(setup):
    move = record(setup)
    health = agency(move, setup.health_team)
    services.agency_contact_update(
        actor=setup.health_visitor, move=move, agency=health, name="Hana Visitor", email="hana@example.test"
    )
    health.refresh_from_db()
    assert health.contact == "Hana Visitor, hana@example.test"
    with pytest.raises(PermissionDenied):
        services.agency_contact_update(
            actor=setup.health_visitor, move=move, agency=agency(move, setup.north.cin), name="Someone"
        )
    services.agency_contact_update(
        actor=setup.north.early_help_worker, move=move, agency=agency(move, setup.north.cin), name="Sam Northworker"
    )
    assert agency(move, setup.north.cin).contact_name == "Sam Northworker"
