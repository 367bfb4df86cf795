"""The overdue-transfer sweep on a real Celery worker through Redis (DESIGN §7): a transfer left
undecided escalates on day 16 and again on day 21 after the referral, once each however often the
sweep runs."""

import time
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from portal import tasks
from portal.models import Escalation
from tests.helpers import wait_for
from tests.transfers.factories import referred_transfer
from transfers.models import CinTransfer


def levels(transfer) -> list[int]:
    return sorted(
        Escalation.objects.filter(
            subject_type=ContentType.objects.get_for_model(CinTransfer),
            subject_id=transfer.pk,
            kind=Escalation.Kind.TRANSFER_DECISION_OVERDUE,
        ).values_list("level", flat=True)
    )


def run_sweep_three_times() -> None:
    for _ in range(3):
        result = tasks.run_sweep.delay("escalate_overdue_transfers")
        assert result.id  # through the broker, not run in this thread


@pytest.mark.celery_worker
def test_day_16_and_day_21_escalations_on_a_real_worker_once_each(celery_worker, setup, time_machine):
    today = timezone.localdate()
    transfer = referred_transfer(setup, referred_on=today - timedelta(days=15))

    # Day 15: due today, nothing to escalate.
    run_sweep_three_times()
    time.sleep(2)
    assert levels(transfer) == []

    # Day 16: overdue, level 1 to both authorities' team managers; three runs raise it once.
    time_machine.move_to(timezone.now() + timedelta(days=1))
    run_sweep_three_times()
    assert wait_for(lambda: levels(transfer) == [1])
    time.sleep(2)
    assert levels(transfer) == [1]

    # Day 21: more than 5 days after the due date, level 2 to the Caldicott Guardian queue, once.
    time_machine.move_to(timezone.now() + timedelta(days=5))
    run_sweep_three_times()
    assert wait_for(lambda: levels(transfer) == [1, 2])
    time.sleep(2)
    assert levels(transfer) == [1, 2]
    senior = Escalation.objects.get(subject_id=transfer.pk, level=2)
    assert setup.south.caldicott in senior.assignees.all()
