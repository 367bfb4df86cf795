"""Privacy-notice sweeps on a real Celery worker through Redis."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from portal import services as core
from portal.models import Escalation, Notification
from portal.tasks import run_sweep
from tests.factories import make_child
from tests.helpers import wait_for

pytestmark = pytest.mark.celery_worker


def add_third_party_person(setup, obtained_on):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    return core.person_add_to_child(
        actor=setup.north.social_worker,
        child=child,
        person=core.PersonDetails(first_name="Alex", last_name="Visitor"),
        relationship=core.RelationshipDetails(kind="significant_other", source="third_party", obtained_on=obtained_on),
    ).privacy_notice


def test_a_reminder_missed_while_the_worker_was_down_is_sent_once_it_is_back(celery_worker, setup):
    # Obtained 26 days ago: the 7-day reminder fell due while no worker was running.
    notice = add_third_party_person(setup, timezone.localdate() - timedelta(days=26))
    assert notice.due_on - timezone.localdate() <= timedelta(days=7)

    def reminders():
        return Notification.objects.filter(event_key=f"privacy-notice:{notice.pk}:reminder:7-days").count()

    run_sweep.delay("send_privacy_notice_reminders")
    assert wait_for(lambda: reminders() == 1)
    # Run again (as beat will, every few minutes): nothing is sent twice.
    run_sweep.delay("send_privacy_notice_reminders")
    run_sweep.delay("send_privacy_notice_reminders")
    time.sleep(2)
    assert reminders() == 1


def test_the_overdue_escalation_is_raised_once_however_often_the_sweep_runs(celery_worker, setup):
    notice = add_third_party_person(setup, timezone.localdate() - timedelta(days=45))
    for _ in range(3):
        run_sweep.delay("escalate_overdue_privacy_notices")
    assert wait_for(lambda: Escalation.objects.filter(subject_id=notice.pk, kind="privacy_notice_overdue").exists())
    time.sleep(2)
    assert Escalation.objects.filter(kind="privacy_notice_overdue").count() == 1
