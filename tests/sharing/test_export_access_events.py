"""An organisation's sharing-log export logs one access event per child in it, written in bulk a
chunk at a time as the file streams (issue 14; the decision is in sharing.views.logs._export_reads):
each child's own access log shows the export, each chunk's events are written before its rows are
sent, and the cost grows by a constant per chunk, not per child."""

import csv
import io

from django.db import connection, connections, router
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import selectors as core_selectors
from portal import services as core
from portal.models import AccessEvent, Child, ChildAccessGrant
from sharing import exports
from sharing.models import SharingDecision
from tests.factories import make_child, next_nhs_number
from tests.helpers import client_for
from tests.sharing.factories import record_decision

WHAT = "Organisation's sharing log (CSV export)"
TRACKED = AccessEvent._meta.concrete_fields


def decisions_about_new_children(setup, count: int) -> None:
    """`count` copies of one decision, each about a child of its own (bulk: the export is measured)."""
    children = Child.objects.bulk_create(
        [
            Child(
                first_name=f"Bulk{i}", last_name="Child", nhs_number=next_nhs_number(), local_authority=setup.north.org
            )
            for i in range(count)
        ]
    )
    decisions_about(children)


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


def decisions_about(children) -> None:
    """A copy of the first decision about each of `children`."""
    template = SharingDecision.objects.order_by("pk").first()
    clones = []
    for child in children:
        clone = SharingDecision.objects.get(pk=template.pk)
        clone.pk, clone.child = None, child
        clones.append(clone)
    SharingDecision.objects.bulk_create(clones)


def test_each_child_gets_one_event_on_the_basis_the_user_reads_it_on_with_its_history(setup, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)  # the children spread over several chunks
    caldicott = setup.north.caldicott
    # Living in the south, allocated to a northern team: the north holds the record.
    held_here = make_child(worker=setup.north.social_worker, team=setup.north.cin, local_authority=setup.south.org)
    record_decision(setup, held_here)
    granted = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    for basis in (ChildAccessGrant.Basis.TRANSFER, ChildAccessGrant.Basis.REFERRAL):
        core.child_access_grant(child=granted, basis=basis, level=ChildAccessGrant.Level.VIEW, user=caldicott)
    held_elsewhere = make_child(worker=setup.south.social_worker, team=setup.south.cin)
    no_team = Child.objects.create(
        first_name="No", last_name="Team", nhs_number=next_nhs_number(), local_authority=setup.south.org
    )
    own_case = Child.objects.create(
        first_name="Own", last_name="Case", nhs_number=next_nhs_number(), local_authority=setup.south.org
    )
    Child.objects.filter(pk=own_case.pk).update(allocated_worker=caldicott)
    decisions_about([granted, held_elsewhere, no_team, own_case])

    export(client_for(caldicott))

    events = {event.child_id: event for event in AccessEvent.objects.filter(what=WHAT)}
    no_grant = "No grant on the child (a record about them the user may see)"
    assert {pk: event.access_basis for pk, event in events.items()} == {
        held_here.pk: "Oversight by the record holder's Caldicott Guardian or lead information officer",
        granted.pk: "Referral, Transfer between authorities",
        held_elsewhere.pk: no_grant,
        no_team.pk: no_grant,
        # Not own_case: the allocated worker's own reads are not logged.
    }
    # The same bases as for a page of children read as model instances.
    children = list(Child.objects.filter(pk__in=events).select_related("allocated_team"))
    assert core_selectors.child_access_bases(user=caldicott, children=children) == {
        pk: event.access_basis for pk, event in events.items()
    }
    for event in events.values():
        assert (event.user_id, event.kind, event.reason, event.expires_at) == (caldicott.pk, "view", "", None)
        (history,) = AccessEvent.history.filter(id=event.pk)
        assert (history.history_type, history.history_change_reason, history.history_user_id) == (
            "+",
            "Record viewed",
            caldicott.pk,
        )
        assert [getattr(history, f.attname) for f in TRACKED] == [getattr(event, f.attname) for f in TRACKED]


def test_the_bulk_writer_writes_what_bulk_create_with_history_writes(setup, monkeypatch):
    """PostgreSQL's one statement and the `bulk_create_with_history` the embedded SQLite database uses
    write the same events and history rows, but for ids and times."""
    children = [make_child(worker=setup.north.social_worker, team=setup.north.cin) for _ in range(2)]
    bases = {children[0].pk: "Referral", children[1].pk: "x" * 250}
    user = setup.north.caldicott

    def written(what: str) -> list[tuple]:
        before = max(AccessEvent.objects.values_list("pk", flat=True), default=0)
        assert core.access_events_record_for_children(user=user, bases=bases, what=what) == 2
        events = AccessEvent.objects.filter(pk__gt=before).order_by("child_id")
        skip = {"id", "at", "history_id", "history_date"}
        rows = []
        for event in events:
            history = AccessEvent.history.get(id=event.pk)
            rows.append(
                (
                    {f.attname: getattr(event, f.attname) for f in TRACKED if f.attname not in skip},
                    {
                        f.attname: getattr(history, f.attname)
                        for f in type(history)._meta.concrete_fields
                        if f.attname not in skip
                    },
                )
            )
        return rows

    by_statement = written("Read" + "y" * 120)
    monkeypatch.setattr(connections[router.db_for_write(AccessEvent)], "vendor", "sqlite")
    by_bulk_create = written("Read" + "y" * 120)
    assert by_statement == by_bulk_create
    assert by_statement[1][0]["access_basis"] == "x" * 200  # cut to the column, as before
    assert core.access_events_record_for_children(user=user, bases={}, what="Nothing") == 0


def test_with_history_switched_off_the_events_are_still_written(setup, settings):
    """As bulk_create_with_history: SIMPLE_HISTORY_ENABLED=False writes the events only."""
    settings.SIMPLE_HISTORY_ENABLED = False
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    before = AccessEvent.history.count()
    core.access_events_record_for_children(user=setup.north.caldicott, bases={child.pk: "Referral"}, what="Read")
    assert AccessEvent.objects.filter(child=child, what="Read", access_basis="Referral").count() == 1
    assert AccessEvent.history.count() == before
