"""The screening sweep: registered with the core, idempotent, and run by a real Celery worker."""

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal import sweeps, tasks
from portal.models import Escalation, Notification
from tests.helpers import wait_for
from tests.referrals.factories import sent

SENT_AT = datetime(2026, 3, 5, 11, 0, tzinfo=ZoneInfo("Europe/London"))  # due Friday 6 March


def overdue_escalations() -> list[tuple[int, int]]:
    return sorted(Escalation.objects.filter(kind=Escalation.Kind.SCREENING_OVERDUE).values_list("subject_id", "level"))


def test_the_sweep_is_registered_with_the_core(setup):
    assert "escalate_overdue_screening" in sweeps.registered_names()
    with time_machine.travel(SENT_AT, tick=False):
        referral = sent(setup)
    result = sweeps.run("escalate_overdue_screening", today=date(2026, 3, 9))
    assert result.counts == {"escalations_raised": 1}
    assert overdue_escalations() == [(referral.screenings.get().pk, 1)]


@pytest.mark.celery_worker
def test_the_sweep_is_idempotent_on_a_real_worker(setup, celery_worker):
    with time_machine.travel(SENT_AT, tick=False):
        referral = sent(setup)
    screening = referral.screenings.get()

    # Months later (the real today): overdue at both levels.
    result = tasks.run_sweep.delay("escalate_overdue_screening")
    assert result.id  # through the broker, not run in this thread
    assert wait_for(lambda: len(overdue_escalations()) == 2)
    assert overdue_escalations() == [(screening.pk, 1), (screening.pk, 2)]

    # Each escalation is committed before its people are told: wait for the worker to tell them all.
    def told_count() -> int:
        return Notification.objects.filter(event_key__startswith="escalation:").count()

    # The MAST manager, then the Caldicott Guardian and the lead information officer.
    assert wait_for(lambda: told_count() == 3), told_count()
    told = told_count()

    # Run again, twice: nothing more is raised and nobody is told again.
    tasks.run_sweep.delay("escalate_overdue_screening")
    tasks.run_all_sweeps.delay()
    time.sleep(3)
    assert overdue_escalations() == [(screening.pk, 1), (screening.pk, 2)]
    assert told_count() == told
    assert {a.user for a in Escalation.objects.get(level=2).assignments.all()} == {
        setup.north.caldicott,
        setup.north.info_lead,
    }
