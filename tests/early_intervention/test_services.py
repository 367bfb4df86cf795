"""Early Intervention moves through the services: each branch of the guidance ends in the right state
with the right follow-up record; the meeting gates the outcome; consent, access and history."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed, can_proceed

from early_intervention import services
from early_intervention.models import AgencyRecordsCheck, AgreedPlanItem, EarlyInterventionMove
from early_intervention.selectors import checklist, move_list_for_user
from portal.access import has_object_permission
from portal.models import ChildAccessGrant, Tier
from portal.services import InvalidTransition
from referrals import services as referrals
from referrals.models import ConcernCategory, MastReferral, Screening
from sharing import services as sharing
from sharing.models import ConsentRecord, Purpose, SharingDecision
from tests.early_intervention.factories import (
    add_item,
    consent,
    details,
    eh_child,
    finish_referral,
    hold_meeting,
    meeting_details,
    mother_of,
    record,
)
from tests.factories import make_child

Move = EarlyInterventionMove
State = Move.State


def tick(item, actor, method=SharingDecision.Method.SECURE_EMAIL):
    return services.plan_item_done(actor=actor, item=item, sent_on=timezone.localdate(), method=method)


def agency(move, team):
    return move.agencies.get(team=team)


# --- Each branch of the guidance -----------------------------------------------------------------


def test_planned_with_consent_an_agreed_plan_each_item_ticked_off_then_complete(setup):
    worker = setup.north.early_help_worker
    move = record(setup, planned=True)

    assert move.state == State.AGREED_PLAN
    assert move.recorded_meeting is None  # no meeting is needed
    assert move.consent_record.status == ConsentRecord.Status.GIVEN
    assert move.consent_record.purpose == Purpose.EARLY_HELP
    assert list(move.consent_record.recipients.all()) == [setup.south.org]
    assert move.outstanding_steps() == ["Agree the transfer plan: what each agency sends, to whom and by when"]

    mine = add_item(move)
    health = add_item(move, agency=agency(move, setup.health_team))
    assert Move.objects.get(pk=move.pk).state == State.AGREED_PLAN

    tick(mine, worker)
    # The health visitor ticks off what her own agency sent.
    tick(health, setup.health_visitor, SharingDecision.Method.SECURE_PORTAL)
    move.refresh_from_db()
    assert move.state == State.COMPLETED and move.completed_at is not None
    health.refresh_from_db()
    decision = health.sharing_decision
    assert decision.outcome == SharingDecision.Outcome.SHARE and decision.with_consent
    assert decision.consent_record == move.consent_record
    assert decision.recipient_organisation == setup.south.org
    assert decision.recipient_name == "Early help team in the new area"
    assert decision.made_by == setup.health_visitor and decision.organisation == setup.health
    assert decision.article_6_basis.code == "6(1)(a)" and decision.article_9_condition.code == "9(2)(a)"


def test_unplanned_no_increase_with_consent_plan_updated_and_information_shared_as_agreed(setup):
    worker = setup.north.early_help_worker
    move = record(setup, planned=False)
    assert move.state == State.AWAITING_MEETING

    move = hold_meeting(setup, move, increased=False, harm=False)
    assert move.state == State.PLAN_UPDATED_SHARING
    assert move.referral is None and not move.checklist.exists()
    assert move.outstanding_steps() == [
        "Confirm the Early Intervention plan has been updated",
        "Agree the transfer plan: what each agency sends, to whom and by when",
    ]

    item = add_item(move)
    tick(item, worker)
    assert Move.objects.get(pk=move.pk).state == State.PLAN_UPDATED_SHARING  # the plan update is still due
    move = services.move_plan_update_confirm(
        actor=worker, move=move, updated_on=timezone.localdate(), summary="New school named; outcomes reviewed."
    )
    assert move.state == State.COMPLETED
    assert move.plan_updated_by == worker


def test_unplanned_no_increase_without_consent_each_agency_confirms_and_forwards_its_records(setup):
    worker = setup.north.early_help_worker
    move = record(setup, consent_status=Move.Consent.REFUSED)
    assert move.consent_record.status == ConsentRecord.Status.REFUSED
    move = hold_meeting(setup, move, increased=False, harm=False)

    assert move.state == State.PLAN_UPDATED_CHECKLIST
    rows = list(checklist(move=move))
    assert {row.agency.name for row in rows} == {
        "Early help, North Council",
        "Health visiting, Health Trust",
        "Children in Need, North Council",
    }
    assert not move.plan_items.exists()
    # No transfer plan without consent.
    with pytest.raises(InvalidTransition):
        add_item(move)

    today = timezone.localdate()
    health = next(row for row in rows if row.agency.team == setup.health_team)
    # An agency forwards only records it has brought up to date.
    with pytest.raises(InvalidTransition, match="up to date before"):
        services.checklist_confirm_forwarded(
            actor=setup.health_visitor, row=health, forwarded_on=today, forwarded_by_name="H", forwarded_to="X"
        )
    # The health visitor confirms her own agency's records, not another agency's.
    services.checklist_confirm_records(
        actor=setup.health_visitor, row=health, confirmed_on=today, confirmed_by_name="Hana Visitor"
    )
    other = next(row for row in rows if row.agency.team == setup.north.cin)
    with pytest.raises(PermissionDenied):
        services.checklist_confirm_records(
            actor=setup.health_visitor, row=other, confirmed_on=today, confirmed_by_name="Hana Visitor"
        )
    services.checklist_confirm_forwarded(
        actor=setup.health_visitor,
        row=health,
        forwarded_on=today,
        forwarded_by_name="Hana Visitor",
        forwarded_to="Health visiting, South Council",
    )
    health.refresh_from_db()
    assert health.is_complete and health.forwarded_recorded_by == setup.health_visitor
    # The lead professional's team confirms for the others (what they were told by each agency).
    for row in rows:
        row.refresh_from_db()
        if not row.records_confirmed:
            services.checklist_confirm_records(
                actor=worker, row=row, confirmed_on=today, confirmed_by_name="Named contact"
            )
        if not row.forwarded:
            services.checklist_confirm_forwarded(
                actor=worker, row=row, forwarded_on=today, forwarded_by_name="Named contact", forwarded_to="South"
            )
    assert Move.objects.get(pk=move.pk).state == State.PLAN_UPDATED_CHECKLIST  # the plan update is still due
    move = services.move_plan_update_confirm(actor=worker, move=move, updated_on=today, summary="Plan closed here.")
    assert move.state == State.COMPLETED


def test_increase_with_possible_significant_harm_and_a_known_destination_refers_to_the_receiving_authority(setup):
    worker = setup.north.early_help_worker
    child = eh_child(setup, first_name="Ruby", last_name="Mover")
    move = record(setup, child, consent_status=Move.Consent.REFUSED)
    move = hold_meeting(setup, move, increased=True, harm=True, recorded_on=timezone.localdate())

    assert move.state == State.REFERRAL_RECEIVING_CSC
    referral = move.referral
    # A referral to children's social care in the receiving authority: its MAST, created from the move.
    assert referral.is_draft and referral.referrer == worker
    assert referral.child == child and referral.authority == setup.south.org
    assert move.follow_up_due_on > move.outcome_on
    # What is already known is in it: nobody retypes the child, the move or the meeting.
    assert "Ruby Mover is supported by an Early Intervention plan (EIP-2026-0042" in referral.what_happened
    assert "to South Council" in referral.what_happened
    assert "school has not seen the child since Monday" in referral.what_happened
    assert "Health visiting, Health Trust" in referral.what_happened
    assert "may be at risk of, or suffering, significant harm" in referral.referrer_view
    assert referral.concern_categories == [ConcernCategory.NEGLECT]
    assert referral.information_categories == ["identity", "family", "social_care"]
    from referrals.rules import missing_answers

    missing = {p.field for p in missing_answers(referral, today=timezone.localdate())}
    assert "what_happened" not in missing and "concern_categories" not in missing
    assert "urgency" in missing  # the referrer's judgement
    assert move.outstanding_steps() == ["Send the referral"]

    # The referrer checks it, adds what only they can say, and sends it: it goes to South's MAST.
    referral = referrals.referral_submit(actor=worker, referral=finish_referral(referral, worker))
    assert referral.authority == setup.south.org
    assert Screening.objects.get(referral=referral).authority == setup.south.org
    assert has_object_permission(setup.south.screener, "screen_mastreferral", referral)
    move.refresh_from_db()
    assert move.state == State.COMPLETED
    assert move.history.first().history_change_reason == f"Referral {referral.reference} sent: move completed"


def test_increase_with_whereabouts_unknown_refers_to_mast(setup):
    worker = setup.north.early_help_worker
    child = eh_child(setup)
    move = record(setup, child, destination=None, consent_status=Move.Consent.NOT_OBTAINED)
    assert move.destination_authority is None and not move.whereabouts_known
    child.refresh_from_db()
    assert child.whereabouts_known is False  # the child's record says so too

    move = hold_meeting(setup, move, increased=True, harm=True)
    assert move.state == State.REFERRAL_MAST
    referral = move.referral
    # MAST of the child's (current) authority, with "missing" among the concerns.
    assert referral.authority == setup.north.org and referral.child == child
    assert ConcernCategory.MISSING in referral.concern_categories
    assert "the family's whereabouts are unknown" in referral.what_happened

    referral = referrals.referral_submit(actor=worker, referral=finish_referral(referral, worker))
    assert referral.authority == setup.north.org
    assert has_object_permission(setup.north.screener, "screen_mastreferral", referral)
    assert Move.objects.get(pk=move.pk).state == State.COMPLETED


# --- The meeting gates the outcome ---------------------------------------------------------------


def test_an_unplanned_move_cannot_reach_an_outcome_without_the_meeting(setup):
    move = record(setup)
    assert move.state == State.AWAITING_MEETING
    assert not can_proceed(move.reach_outcome)
    with pytest.raises(TransitionNotAllowed):
        move.reach_outcome(at=timezone.now(), on=timezone.localdate())
    with pytest.raises(InvalidTransition):
        add_item(move)
    with pytest.raises(InvalidTransition):
        services.move_plan_update_confirm(
            actor=move.lead_professional, move=move, updated_on=timezone.localdate(), summary="x"
        )
    assert Move.objects.get(pk=move.pk).state == State.AWAITING_MEETING


def test_a_planned_move_without_consent_needs_the_meeting_too(setup):
    move = record(setup, planned=True, consent_status=Move.Consent.REFUSED)
    assert move.state == State.AWAITING_MEETING
    assert hold_meeting(setup, move).state == State.PLAN_UPDATED_CHECKLIST


def test_the_meeting_is_recorded_once_the_second_gets_a_clear_message(setup):
    move = record(setup)
    hold_meeting(setup, move)
    with pytest.raises(InvalidTransition, match="The multi-agency meeting was recorded by"):
        hold_meeting(setup, move)


def test_the_meeting_needs_every_answer(setup):
    move = record(setup)
    with pytest.raises(ValidationError) as error:
        services.move_meeting_record(
            actor=move.lead_professional,
            move=move,
            details=services.MeetingDetails(
                held_on=timezone.localdate() + timedelta(days=1),
                present=[],
                discussion_summary=" ",
                need_or_risk_increased=None,
                significant_harm=None,
                outcome_notes="",
            ),
        )
    assert set(error.value.message_dict) == {
        "held_on",
        "present",
        "discussion_summary",
        "need_or_risk_increased",
        "significant_harm",
        "outcome_notes",
    }
    other = record(setup)
    with pytest.raises(ValidationError) as error:
        hold_meeting(setup, move, present=[other.agencies.first()])
    assert "present" in error.value.message_dict
    assert Move.objects.get(pk=move.pk).state == State.AWAITING_MEETING


def test_only_the_lead_professionals_team_records_the_meeting(setup):
    from tests.early_intervention.factories import eh_manager

    move = record(setup)
    for outsider in [setup.health_visitor, setup.north.social_worker]:
        with pytest.raises(PermissionDenied):
            hold_meeting(setup, move, actor=outsider)
    # Their team manager may record it for them.
    assert hold_meeting(setup, move, actor=eh_manager(setup)).state == State.PLAN_UPDATED_SHARING


def test_history_says_what_happened_and_who_did_it(setup):
    move = record(setup)
    move = hold_meeting(setup, move, increased=True, harm=True)
    reasons = list(move.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True))
    assert reasons[:3] == [
        "Early Intervention move recorded",
        "Waiting for the multi-agency meeting",
        "Outcome: Referral to children's social care in the receiving authority",
    ]
    assert reasons[3].startswith("Referral drafted from the move, to be sent by")
    assert {h.history_user for h in move.history.all()} == {setup.north.early_help_worker}
    assert move.meeting.history.get().history_change_reason == "Multi-agency meeting recorded"
    assert move.meeting.attendance.count() == 3


# --- Consent -------------------------------------------------------------------------------------


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
    with pytest.raises(InvalidTransition, match="consent to transfer their information has been withdrawn"):
        tick(item, worker)
    assert not AgreedPlanItem.objects.get(pk=item.pk).is_done


def test_consent_refused_or_given_needs_who_how_and_when(setup):
    child = eh_child(setup)
    with pytest.raises(ValidationError) as error:
        record(setup, child, consent=services.MoveConsent(status=Move.Consent.REFUSED))
    assert set(error.value.message_dict) >= {"consent_from", "consent_method", "consent_decided_on"}
    with pytest.raises(ValidationError) as error:
        record(setup, child, consent=services.MoveConsent(status=Move.Consent.NOT_OBTAINED))
    assert "consent_explanation" in error.value.message_dict
    assert not ConsentRecord.objects.filter(child=child).exists()


# --- Recording: what is checked ------------------------------------------------------------------


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


# --- Access --------------------------------------------------------------------------------------


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


def test_a_referral_outcome_cannot_be_withdrawn(setup):
    move = hold_meeting(setup, record(setup), increased=True, harm=True)
    with pytest.raises(InvalidTransition):
        services.move_withdraw(actor=move.lead_professional, move=move, reason="Changed our minds")
    with pytest.raises(ValidationError):
        services.move_withdraw(actor=move.lead_professional, move=record(setup), reason=" ")


def test_a_meeting_recorded_by_someone_who_cannot_refer_is_refused_before_anything_is_written(setup):
    from tests.factories import UserFactory, join

    # A member of the lead team whose role cannot make referrals (an administrator-made role mix).
    assistant = join(UserFactory(organisation=setup.north.org, roles=[]), setup.north.early_help)
    move = record(setup)
    with pytest.raises(ValidationError, match="ask the lead professional"):
        services.move_meeting_record(
            actor=assistant, move=move, details=meeting_details(move, increased=True, harm=True)
        )
    assert Move.objects.get(pk=move.pk).recorded_meeting is None
    assert not MastReferral.objects.exists()


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


def test_an_item_is_ticked_off_once(setup):
    move = record(setup, planned=True)
    item = add_item(move)
    add_item(move)
    tick(item, move.lead_professional)
    with pytest.raises(InvalidTransition, match="ticked off by"):
        tick(item, move.lead_professional)
    assert AgreedPlanItem.objects.get(pk=item.pk).done_by == move.lead_professional
    with pytest.raises(PermissionDenied):
        tick(add_item(move, agency=agency(move, setup.north.cin)), setup.health_visitor)


def test_checklist_rows_are_one_per_agency(setup):
    move = hold_meeting(setup, record(setup, consent_status=Move.Consent.REFUSED))
    assert AgencyRecordsCheck.objects.filter(move=move).count() == move.agencies.count() == 3
