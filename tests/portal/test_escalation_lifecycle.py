"""Issue 13, the escalation lifecycle (DESIGN §10): every escalation kind declares when its subject
is finished; the service that finishes a subject closes every open escalation about it, at every
level and whoever it is assigned to; a sweep closes any left behind; and every escalation raised has
someone assigned."""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from early_intervention import services as ei
from portal import extensions, sweeps
from portal import services as core
from portal.models import Escalation
from referrals import services as referrals
from referrals.models import Outcome
from sharing import services as sharing
from sharing.services.sweeps import privacy_notice_escalate_overdue
from tests.early_intervention.factories import add_item, eh_manager, finish_referral, hold_meeting, record
from tests.referrals.factories import sent
from tests.sharing.factories import add_significant_other
from tests.transfers.factories import accept, referred_transfer
from transfers import services as transfers
from transfers.models import CinTransfer

FAR = timedelta(days=60)


def open_about(subject) -> list[Escalation]:
    return list(
        Escalation.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        ).exclude(status=Escalation.Status.RESOLVED)
    )


def test_every_escalation_kind_declares_when_it_is_finished():
    declared = {kind.kind for kind in extensions.escalation_kinds()}
    assert declared == set(Escalation.Kind.values)
    assert "close_finished_escalations" in sweeps.registered_names()


def _overdue_transfer(setup) -> CinTransfer:
    transfer = referred_transfer(setup, referred_on=date(2026, 1, 5))
    transfers.transfer_escalate_overdue(today=date(2026, 2, 20))
    levels = {e.level for e in open_about(transfer)}
    assert levels == {1, 2}
    return transfer


@pytest.mark.parametrize("finish", ["accept", "decline", "withdraw"])
def test_a_transfer_decided_or_withdrawn_closes_its_overdue_escalations_at_every_level(setup, finish):
    transfer = _overdue_transfer(setup)
    if finish == "accept":
        accept(setup, transfer)  # by the CIN manager, who is not assigned the level 2 one
    elif finish == "decline":
        transfers.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="Not resident here")
    else:
        transfers.transfer_withdraw(actor=setup.north.social_worker, transfer=transfer, reason="The family stayed")
    still_open = open_about(transfer)
    assert {e.kind for e in still_open} <= {Escalation.Kind.TRANSFER_DISPUTED}
    closed = Escalation.objects.filter(kind=Escalation.Kind.TRANSFER_DECISION_OVERDUE, subject_id=transfer.pk)
    assert closed.count() == 2
    assert all(e.status == Escalation.Status.RESOLVED and e.resolution for e in closed)


def test_a_resolved_dispute_closes_its_escalations(setup):
    transfer = referred_transfer(setup)
    transfers.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="Not resident here")
    assert [e.kind for e in open_about(transfer)] == [Escalation.Kind.TRANSFER_DISPUTED]
    transfers.transfer_resolve_dispute(
        actor=setup.north.cin_manager,
        transfer=transfer,
        resolution=CinTransfer.Resolution.SENDING_RETAINS,
        rationale="Agreed at the escalation meeting",
    )
    assert open_about(transfer) == []


def test_a_screening_outcome_closes_its_overdue_escalations(setup):
    referral = sent(setup)
    screening = referral.screenings.get()
    referrals.screening_escalate_overdue(today=timezone.localdate() + FAR)
    assert {e.level for e in open_about(screening)} == {1, 2}
    referrals.screening_start(actor=setup.north.screener, referral=referral)
    referrals.screening_outcome_record(
        actor=setup.north.screener, referral=referral, outcome=Outcome.NO_FURTHER_ACTION, reasons="No concerns found."
    )
    assert open_about(screening) == []


@pytest.mark.parametrize("how", ["provided", "exempt"])
def test_privacy_information_provided_or_exempt_closes_its_overdue_escalation(setup, how):
    from portal.models import Child
    from tests.factories import make_child

    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    add_significant_other(setup, child, obtained_on=timezone.localdate() - timedelta(days=50))
    notice = Child.objects.get(pk=child.pk).privacy_notices.get()
    privacy_notice_escalate_overdue(today=timezone.localdate())
    assert len(open_about(notice)) == 1
    if how == "provided":
        sharing.privacy_notice_mark_provided(
            actor=setup.north.social_worker, notice=notice, how="copy_given", provided_on=timezone.localdate()
        )
    else:
        sharing.privacy_notice_mark_exempt(
            actor=setup.north.social_worker,
            notice=notice,
            exemption=notice.Exemption.values[0],
            justification="Telling them would put the child at risk.",
        )
    assert open_about(notice) == []


def test_an_early_intervention_referral_sent_closes_its_overdue_escalation(setup):
    eh_manager(setup)
    worker = setup.north.early_help_worker
    move = hold_meeting(setup, record(setup), increased=True, harm=True)
    ei.move_escalate_overdue(today=timezone.localdate() + FAR)
    assert len(open_about(move)) == 1
    referrals.referral_submit(actor=worker, referral=finish_referral(move.referral, worker))
    assert open_about(move) == []


def test_a_plan_item_ticked_off_closes_its_overdue_escalation(setup):
    eh_manager(setup)
    move = record(setup, planned=True)
    item = add_item(move)
    ei.move_escalate_overdue(today=timezone.localdate() + FAR)
    assert len(open_about(item)) == 1
    ei.plan_item_done(actor=move.lead_professional, item=item, sent_on=timezone.localdate(), method="secure_email")
    assert open_about(item) == []


def test_the_sweep_closes_escalations_a_finished_subject_left_behind(setup):
    transfer = _overdue_transfer(setup)
    # Finished without its service (an older release, a data fix): the sweep catches it.
    CinTransfer.objects.filter(pk=transfer.pk).update(state=CinTransfer.State.WITHDRAWN)
    assert core.escalations_close_finished(today=timezone.localdate()) == {"escalations_closed": 2}
    assert open_about(transfer) == []
    assert core.escalations_close_finished(today=timezone.localdate()) == {"escalations_closed": 0}


def test_every_escalation_raised_in_these_scenarios_has_an_assignee(setup):
    _overdue_transfer(setup)
    sent(setup)
    referrals.screening_escalate_overdue(today=timezone.localdate() + FAR)
    assert Escalation.objects.exists()
    assert not Escalation.objects.filter(assignments__isnull=True).exists()
