"""Issue 13, §5 followed through: a "whereabouts unknown" alert MAST confirms sets the child's
whereabouts and tells the allocated team; a CIN child recorded as whereabouts unknown gives the team
manager the decision whether to issue an alert; a transfer for such a child warns when referred; a
draft transfer left after the move reminds its worker daily and goes to the manager."""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from portal import services as core
from portal.models import Child, Escalation, Notification
from referrals import services as referrals
from referrals.models import MastAlert
from tests.referrals.factories import alert
from tests.transfers.factories import cin_child, draft_transfer
from transfers import services as transfers
from transfers.services.sweeps import transfer_remind_unreferred_drafts


def _open(subject, kind) -> list[Escalation]:
    return list(
        Escalation.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk, kind=kind
        ).exclude(status=Escalation.Status.RESOLVED)
    )


def test_mast_confirming_a_whereabouts_alert_sets_the_childs_whereabouts_and_tells_the_team(setup):
    child = cin_child(setup)
    raised = alert(
        setup,
        actor=setup.north.social_worker,
        kind=MastAlert.Kind.WHEREABOUTS_UNKNOWN,
        risk_assessment="Not seen for a week; a younger sibling too.",
        what_is_known="The family left suddenly.",
    )
    # MAST can see the child (a referral about them, say) and links the alert to the record.
    core.child_access_grant(child=child, basis="referral", level="view", team=setup.north.mast)
    referrals.alert_link_child(actor=setup.north.screener, alert=raised, child=child)
    assert Child.objects.get(pk=child.pk).whereabouts_known  # not confirmed yet
    referrals.alert_acknowledge(actor=setup.north.screener, alert=raised)
    assert not Child.objects.get(pk=child.pk).whereabouts_known
    assert Notification.objects.filter(
        recipient=setup.north.social_worker, subject="A child's whereabouts are unknown"
    ).exists()
    # MAST has the alert already: no decision whether to issue one.
    assert _open(child, Escalation.Kind.WHEREABOUTS_UNKNOWN) == []


def _details(child, **changes) -> core.ChildDetails:
    values = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "local_authority": child.local_authority,
        "date_of_birth": child.date_of_birth,
        "nhs_number": child.nhs_number,
        "tier": child.tier,
    }
    values.update(changes)
    return core.ChildDetails(**values)


def test_a_cin_child_recorded_whereabouts_unknown_gives_the_manager_the_alert_decision(setup):
    child = cin_child(setup)
    core.child_update(actor=setup.north.social_worker, child=child, details=_details(child, whereabouts_known=False))
    [task] = _open(child, Escalation.Kind.WHEREABOUTS_UNKNOWN)
    assert list(task.assignees.all()) == [setup.north.cin_manager]
    core.escalation_resolve(
        actor=setup.north.cin_manager,
        escalation=task,
        resolution="No alert: the family is with relatives in Southvale",
        rationale="Risk assessed as low: the school has spoken to the mother.",
    )
    task.refresh_from_db()
    assert task.status == Escalation.Status.RESOLVED and task.resolved_by == setup.north.cin_manager


def test_the_alert_decision_closes_when_the_whereabouts_are_known_again(setup):
    child = cin_child(setup)
    core.child_update(actor=setup.north.social_worker, child=child, details=_details(child, whereabouts_known=False))
    child.refresh_from_db()
    core.child_update(actor=setup.north.social_worker, child=child, details=_details(child, whereabouts_known=True))
    assert _open(child, Escalation.Kind.WHEREABOUTS_UNKNOWN) == []


def test_referring_a_transfer_for_a_child_whose_whereabouts_are_unknown_warns(setup, client):
    child = cin_child(setup, whereabouts_known=False)
    transfer = draft_transfer(setup, child)
    client.force_login(setup.north.social_worker)
    page = client.get(f"/transfers/cin/{transfer.pk}/check/")
    assert page.status_code == 200
    assert b'data-testid="whereabouts-warning"' in page.content


def test_a_draft_left_after_the_move_reminds_daily_and_goes_to_the_manager(setup):
    monday = date(2026, 3, 2)
    transfer = draft_transfer(setup, move_date=monday)
    assert transfer_remind_unreferred_drafts(today=monday) == {"reminders_sent": 0, "escalations_raised": 0}
    assert transfer_remind_unreferred_drafts(today=monday + timedelta(days=1)) == {
        "reminders_sent": 1,
        "escalations_raised": 0,
    }
    assert transfer_remind_unreferred_drafts(today=monday + timedelta(days=1))["reminders_sent"] == 0
    assert transfer_remind_unreferred_drafts(today=monday + timedelta(days=2)) == {
        "reminders_sent": 1,
        "escalations_raised": 1,
    }
    [escalation] = _open(transfer, Escalation.Kind.TRANSFER_NOT_REFERRED)
    assert list(escalation.assignees.all()) == [setup.north.cin_manager]
    transfers.transfer_refer(actor=setup.north.social_worker, transfer=transfer)
    assert _open(transfer, Escalation.Kind.TRANSFER_NOT_REFERRED) == []
    assert timezone.localdate() >= monday
