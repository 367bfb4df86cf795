"""A real Celery worker (through Redis) fails at a random point of a sweep of 200 overdue items:
the database connection drops (the task retries with backoff) or the run crashes (the next beat
runs it again). Either way every escalation, every assignee's notification and every email comes
out exactly once."""

import random
from datetime import timedelta
from functools import partial

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from portal import services as core
from portal import tasks
from portal.models import Escalation, EscalationAssignment, Notification, Person, Relationship, SweepRun
from portal.services import batches
from sharing.models import PrivacyNotice
from tests.factories import make_child
from tests.helpers import wait_for

ITEMS = 200
# The sweep raises its escalations in bulk, a batch per transaction (issue 14); with batches of 20
# there are 10 batches of 3 bulk writes each (escalations, assignments, notifications).
BATCH = 20
SWEEP = "escalate_overdue_privacy_notices"


def _overdue_privacy_notices(setup) -> list[PrivacyNotice]:
    """200 people whose details came from a third party, each owed privacy information long ago."""
    worker = setup.north.social_worker
    child = make_child(worker=worker, team=setup.north.cin)
    long_ago = timezone.localdate() - timedelta(days=60)
    people = Person.objects.bulk_create(Person(first_name=f"Person{i}", last_name="Third") for i in range(ITEMS))
    links = Relationship.objects.bulk_create(
        Relationship(
            child=child,
            person=person,
            kind=Relationship.Kind.SIGNIFICANT_OTHER,
            source=Relationship.Source.THIRD_PARTY,
            obtained_on=long_ago,
        )
        for person in people
    )
    return PrivacyNotice.objects.bulk_create(
        PrivacyNotice(
            person=link.person,
            relationship=link,
            child=child,
            responsible=worker,
            obtained_on=long_ago,
            due_on=long_ago + timedelta(days=30),
        )
        for link in links
    )


class FailOnce:
    """Make the `at`th bulk write of the sweep (a batch's escalations, assignments or notifications)
    fail, once."""

    def __init__(self, original, at: int, error: Exception) -> None:
        self.original, self.at, self.error, self.calls = original, at, error, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.calls == self.at:
            raise self.error
        return self.original(*args, **kwargs)


@pytest.mark.celery_worker
@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(OperationalError("server closed the connection unexpectedly"), id="connection-dropped"),
        pytest.param(RuntimeError("worker killed"), id="worker-crashed"),
    ],
)
def test_a_fault_at_a_random_point_of_a_sweep_of_200_loses_and_duplicates_nothing(
    setup, celery_worker, monkeypatch, fault
):
    notices = _overdue_privacy_notices(setup)
    assert SWEEP in tasks.sweeps.registered_names()
    mail.outbox.clear()
    monkeypatch.setattr(core, "due_batches", partial(batches.due_batches, size=BATCH))
    at = random.Random().randint(1, (ITEMS // BATCH) * 3)
    monkeypatch.setattr(batches, "bulk_create_with_history", FailOnce(batches.bulk_create_with_history, at, fault))

    tasks.run_sweep.delay(SWEEP)
    assert wait_for(lambda: _run().last_failed_at is not None and _sweep_idle(), timeout=300), at
    assert _run().last_error == type(fault).__name__
    if not isinstance(fault, OperationalError):
        # A crash is not retried by the task: the next beat's run picks up what this one did not do.
        tasks.run_sweep.delay(SWEEP)
    # (A dropped connection is retried by the task itself, after a backoff of seconds.)
    assert wait_for(lambda: Escalation.objects.count() == ITEMS and _sweep_idle(), timeout=300), (
        at,
        Escalation.objects.count(),
    )
    assert _run().last_succeeded_at > _run().last_failed_at
    escalation_ids = set(Escalation.objects.values_list("pk", flat=True))
    assert set(Escalation.objects.values_list("subject_id", flat=True)) == {notice.pk for notice in notices}
    assignees = {setup.north.cin_manager.pk, setup.north.info_lead.pk}
    assert EscalationAssignment.objects.count() == ITEMS * len(assignees)
    told = Notification.objects.filter(event_key__startswith="escalation:")
    assert told.count() == ITEMS * len(assignees)
    for escalation_id in escalation_ids:
        assert (
            set(told.filter(event_key=f"escalation:{escalation_id}:raised").values_list("recipient_id", flat=True))
            == assignees
        )
    # Every email once, when the worker has sent them all.
    assert wait_for(lambda: len(mail.outbox) == told.count(), timeout=300), len(mail.outbox)
    tasks.run_sweep.delay(SWEEP)
    tasks.run_sweep.delay("resend_unsent_notification_emails")
    assert wait_for(_sweep_idle, timeout=60)
    assert Escalation.objects.count() == ITEMS and len(mail.outbox) == told.count()
    assert not told.filter(email_sent_at__isnull=True).exists()


def _run() -> SweepRun:
    return SweepRun.objects.get_or_create(name=SWEEP)[0]


def _sweep_idle() -> bool:
    return _run().running_since is None
