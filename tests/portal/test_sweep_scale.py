"""Sweeps cost only the work they do (issue 14): a repeat run that changes nothing costs the same
handful of queries with 10 due items as with 200, and a first run costs about the same per batch
whatever the number of due items (bulk reads and writes, not queries per item). Not timed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from early_intervention.models import AgreedPlanItem
from portal import sweeps
from tests.early_intervention import factories as ei
from tests.portal.test_scale import bulk_records

# Far enough ahead that every transfer, screening and privacy notice made below is overdue, most at
# level 2: the sweeps have the most to do.
AHEAD = timedelta(days=60)


def due_items(setup, count: int, start: int, move) -> None:
    bulk_records(setup, count, start=start)
    template = AgreedPlanItem.objects.filter(move=move).order_by("pk").first()
    AgreedPlanItem.objects.bulk_create(
        [
            AgreedPlanItem(
                move=move,
                sending_agency=template.sending_agency,
                information="The plan",
                receiving_agency="Early help in the new area",
                due_on=timezone.localdate() - timedelta(days=3),
                expectations="Contact the family.",
                added_by=template.added_by,
            )
            for _ in range(count)
        ]
    )


def queries_to_sweep(name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        sweeps.run(name, today=timezone.localdate() + AHEAD)
    return len(captured)


@pytest.fixture
def move(setup):
    move = ei.record(setup)
    ei.hold_meeting(setup, move)
    ei.add_item(move, due_on=timezone.localdate() + timedelta(days=1))
    return move


def _measure(setup, move, name: str, count: int, start: int) -> tuple[int, int]:
    due_items(setup, count, start, move)
    first = queries_to_sweep(name)
    repeat = queries_to_sweep(name)
    return first, repeat


@pytest.mark.parametrize("name", sweeps.registered_names())
def test_a_repeat_sweep_costs_the_same_with_10_and_200_due_items(setup, move, name):
    _, repeat_with_10 = _measure(setup, move, name, 10, start=0)
    _, repeat_with_200 = _measure(setup, move, name, 190, start=10)
    assert repeat_with_200 == repeat_with_10, (name, repeat_with_10, repeat_with_200)


@pytest.mark.parametrize("name", sweeps.registered_names())
def test_a_first_sweep_costs_about_the_same_with_10_and_200_new_due_items(setup, move, name):
    first_with_10, _ = _measure(setup, move, name, 10, start=0)
    first_with_200, _ = _measure(setup, move, name, 190, start=10)
    # A batch costs a near-constant handful of queries; 190 more due items must not cost ~190 more.
    assert first_with_200 - first_with_10 <= 10, (name, first_with_10, first_with_200)


def queries_to_sweep_and_queue_emails(name: str, capture_on_commit) -> int:
    """As `queries_to_sweep`, with what the sweep does after each commit (queueing its emails) run too."""
    with CaptureQueriesContext(connection) as captured, capture_on_commit(execute=True):
        sweeps.run(name, today=timezone.localdate() + AHEAD)
    return len(captured)


@pytest.mark.parametrize("name", sweeps.registered_names())
def test_a_first_sweep_queues_its_emails_in_bulk_too(
    setup, move, name, django_capture_on_commit_callbacks, monkeypatch
):
    # After commit each email is still its own task (handed to the broker: the worker sends it, so it
    # is not run here), but marking the chains alive is one UPDATE per batch, not one per notification:
    # 190 more due items cost no more than a bounded few queries.
    from portal.services import notifications

    queued: list[int] = []
    monkeypatch.setattr(notifications, "enqueue", lambda task, pk: queued.append(pk) or True)
    due_items(setup, 10, 0, move)
    with_10 = queries_to_sweep_and_queue_emails(name, django_capture_on_commit_callbacks)
    due_items(setup, 190, 10, move)
    with_200 = queries_to_sweep_and_queue_emails(name, django_capture_on_commit_callbacks)
    assert with_200 - with_10 <= 10, (name, with_10, with_200)
    assert len(queued) == len(set(queued))  # each email queued once
