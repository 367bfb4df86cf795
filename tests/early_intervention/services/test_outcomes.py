"""Each branch of the guidance through the services, from the move recorded to its outcome's next
steps done: the right state, the right follow-up record, the move completed; and the history."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from early_intervention import services
from early_intervention.models import EarlyInterventionMove
from early_intervention.selectors import checklist
from portal.access import has_object_permission
from portal.services import InvalidTransition
from referrals import services as referrals
from referrals.models import ConcernCategory, Screening
from sharing.models import ConsentRecord, Purpose, SharingDecision
from tests.early_intervention.factories import add_item, agency, eh_child, finish_referral, hold_meeting, record, tick

Move = EarlyInterventionMove
State = Move.State


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
