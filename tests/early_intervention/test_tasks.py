"""The Early Intervention sweep (DESIGN §7, §10): a referral the meeting decided on that is not sent
by the end of the next working day, and an agreed plan item past its date, go to the lead
professional's team manager, once each however often the sweep runs; on a real Celery worker too."""

import time
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from early_intervention import services
from early_intervention.models import AgreedPlanItem, EarlyInterventionMove
from portal import sweeps, tasks
from portal.models import Escalation
from referrals import services as referrals
from tests.early_intervention.factories import add_item, eh_manager, finish_referral, hold_meeting, record
from tests.helpers import wait_for

Move = EarlyInterventionMove
KIND = Escalation.Kind.EARLY_INTERVENTION_ACTION_OVERDUE


def escalations(subject) -> list[Escalation]:
    return list(
        Escalation.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk, kind=KIND
        )
    )


def test_the_sweep_is_registered_with_the_core():
    assert "escalate_overdue_ei_actions" in sweeps.registered_names()
    assert sweeps.get("escalate_overdue_ei_actions") is services.move_escalate_overdue


def test_an_unsent_referral_escalates_the_day_after_it_was_due_once(setup):
    manager = eh_manager(setup)
    wednesday = date(2026, 3, 4)
    move = hold_meeting(setup, record(setup), increased=True, harm=True, recorded_on=wednesday)
    assert move.follow_up_due_on == date(2026, 3, 5)

    assert services.move_escalate_overdue(today=date(2026, 3, 5))["unsent_referrals_raised"] == 0
    assert escalations(move) == []
    assert services.move_escalate_overdue(today=date(2026, 3, 6))["unsent_referrals_raised"] == 1
    services.move_escalate_overdue(today=date(2026, 3, 6))
    services.move_escalate_overdue(today=date(2026, 3, 9))
    [escalation] = escalations(move)
    assert escalation.level == Escalation.Level.TEAM_MANAGER
    assert list(escalation.assignees.all()) == [manager]
    assert escalation.organisation == setup.north.org and escalation.child == move.child
    assert "children's social care in South Council" in escalation.summary
    assert manager.notifications.filter(event_key=f"escalation:{escalation.pk}:raised").count() == 1


def test_a_referral_sent_in_time_never_escalates(setup):
    eh_manager(setup)
    worker = setup.north.early_help_worker
    move = hold_meeting(setup, record(setup), increased=True, harm=True)
    referrals.referral_submit(actor=worker, referral=finish_referral(move.referral, worker))
    services.move_escalate_overdue(today=timezone.localdate() + timedelta(days=10))
    assert escalations(move) == []


def test_an_overdue_plan_item_escalates_once_and_a_sent_one_never(setup):
    manager = eh_manager(setup)
    today = timezone.localdate()
    move = record(setup, planned=True)
    late = add_item(move, due_on=today - timedelta(days=1))
    sent = add_item(move, due_on=today - timedelta(days=2))
    services.plan_item_done(actor=move.lead_professional, item=sent, sent_on=today, method="secure_email")
    future = add_item(move, due_on=today)

    for _ in range(3):
        services.move_escalate_overdue(today=today)
    [escalation] = escalations(late)
    assert escalations(sent) == [] and escalations(future) == []
    assert list(escalation.assignees.all()) == [manager]
    assert escalation.subject == late and late.get_absolute_url().endswith(f"#item-{late.pk}")
    assert ("Due", f"{late.due_on:%-d %B %Y}") in late.escalation_summary()


def test_a_withdrawn_move_does_not_escalate(setup):
    eh_manager(setup)
    move = record(setup, planned=True)
    item = add_item(move, due_on=timezone.localdate() - timedelta(days=3))
    services.move_withdraw(actor=move.lead_professional, move=move, reason="They stayed")
    services.move_escalate_overdue(today=timezone.localdate())
    assert escalations(item) == []


def test_the_sweep_completes_a_move_whose_referral_was_sent_unnoticed(setup):
    from early_intervention.receivers import on_referral_sent
    from referrals.signals import referral_sent

    worker = setup.north.early_help_worker
    move = hold_meeting(setup, record(setup), increased=True, harm=True)
    referral_sent.disconnect(on_referral_sent, dispatch_uid="early_intervention.referral_sent")
    try:
        referrals.referral_submit(actor=worker, referral=finish_referral(move.referral, worker))
    finally:
        referral_sent.connect(on_referral_sent, dispatch_uid="early_intervention.referral_sent")
    assert Move.objects.get(pk=move.pk).state == Move.State.REFERRAL_RECEIVING_CSC
    assert services.move_escalate_overdue(today=timezone.localdate())["moves_completed"] == 1
    assert Move.objects.get(pk=move.pk).state == Move.State.COMPLETED
    assert services.move_escalate_overdue(today=timezone.localdate())["moves_completed"] == 0


@pytest.mark.celery_worker
def test_escalations_on_a_real_worker_once_each(celery_worker, setup, time_machine):
    manager = eh_manager(setup)
    today = timezone.localdate()
    move = hold_meeting(setup, record(setup), increased=True, harm=True, recorded_on=today)
    planned = record(setup, planned=True)
    item = add_item(planned, due_on=today)

    def run_three_times() -> None:
        for _ in range(3):
            assert tasks.run_sweep.delay("escalate_overdue_ei_actions").id  # through the broker

    # Today nothing is overdue.
    run_three_times()
    time.sleep(2)
    assert escalations(move) == [] and escalations(item) == []

    # A week later both are: each escalates once, to the lead professional's team manager.
    time_machine.move_to(timezone.now() + timedelta(days=7))
    run_three_times()
    assert wait_for(lambda: len(escalations(move)) == 1 and len(escalations(item)) == 1)
    time.sleep(2)
    assert len(escalations(move)) == 1 and len(escalations(item)) == 1
    assert Escalation.objects.filter(kind=KIND).count() == 2
    for escalation in Escalation.objects.filter(kind=KIND):
        assert list(escalation.assignees.all()) == [manager]
    assert AgreedPlanItem.objects.get(pk=item.pk).done_at is None
