"""An organisation's sharing-log export logs one access event per child in it, written in bulk a
chunk at a time as the file streams (issue 14; the decision is in sharing.views.logs._export_reads):
each child's own access log shows the export, each chunk's events are written before its rows are
sent, and the cost grows by a constant per chunk, not per child."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import AccessEvent, Child
from sharing import exports
from sharing.models import SharingDecision
from tests.factories import make_child, next_nhs_number
from tests.helpers import client_for
from tests.sharing.factories import record_decision

WHAT = "Organisation's sharing log (CSV export)"


def decisions_about_new_children(setup, count: int) -> None:
    """`count` copies of one decision, each about a child of its own (bulk: the export is measured)."""
    template = SharingDecision.objects.order_by("pk").first()
    children = Child.objects.bulk_create(
        [
            Child(
                first_name=f"Bulk{i}", last_name="Child", nhs_number=next_nhs_number(), local_authority=setup.north.org
            )
            for i in range(count)
        ]
    )
    clones = []
    for child in children:
        clone = SharingDecision.objects.get(pk=template.pk)
        clone.pk, clone.child = None, child
        clones.append(clone)
    SharingDecision.objects.bulk_create(clones)


def export(client) -> tuple[int, int, list[int]]:
    """Queries for the whole export read to its end, its rows, and the access events after each line."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("sharing:organisation_log"), {"format": "csv"})
        events_by_line = []
        lines = []
        for line in response.streaming_content:
            lines.append(line)
            events_by_line.append(AccessEvent.objects.filter(what=WHAT).count())
    queries = len(captured) - len(events_by_line)  # not counting the test's own counts
    body = b"".join(lines).decode()
    return queries, len(list(csv.reader(io.StringIO(body)))) - 1, events_by_line


def test_the_export_logs_each_child_once_a_chunk_at_a_time_before_its_rows(setup, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 5)
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    record_decision(setup, child)
    record_decision(setup, child)  # two decisions about one child: one event for the child
    decisions_about_new_children(setup, 10)
    client = client_for(setup.north.caldicott)

    queries, rows, events_by_line = export(client)

    assert rows == 12
    logged = AccessEvent.objects.filter(what=WHAT, user=setup.north.caldicott)
    assert sorted(logged.values_list("child_id", flat=True)) == sorted(
        set(SharingDecision.objects.values_list("child_id", flat=True))
    )
    # The header goes before anything is read; the first chunk's children are logged before its first row.
    assert events_by_line[0] == 0
    assert events_by_line[1] >= 1
    # The child's own access log ("who has seen this child's information") shows the export.
    assert child.access_events.filter(what=WHAT, user=setup.north.caldicott).count() == 1


def test_the_export_costs_a_constant_per_chunk_not_per_child(setup, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 50)
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    record_decision(setup, child)
    decisions_about_new_children(setup, 9)
    client = client_for(setup.north.caldicott)
    export(client)  # the first request fills per-process caches
    with_ten, rows, _ = export(client)
    assert rows == 10
    decisions_about_new_children(setup, 40)  # still one chunk
    with_fifty, rows, _ = export(client)
    assert rows == 50
    assert with_fifty == with_ten
