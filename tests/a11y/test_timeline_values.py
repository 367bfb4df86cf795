"""The timeline shows what a person reads, never raw values (issue 15): names for people, labels for
choices, Yes/No, dates in words, lists joined."""

from datetime import date

from portal import services
from portal.models import Child
from portal.picture import _display, child_timeline
from tests.factories import make_child


def test_values_are_shown_as_people_read_them():
    assert _display(True) == "Yes"
    assert _display(False) == "No"
    assert _display(date(2026, 3, 3)) == "3 March 2026"
    assert _display(["identity", "family_and_household"]) == "Identity, Family and household"
    with_choices = next(f for f in Child._meta.fields if f.choices and not f.is_relation)
    code, label = with_choices.flatchoices[-1]
    assert _display(code, with_choices) == str(label)


def test_the_timeline_names_the_worker_a_child_was_allocated_to(setup):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin)
    services.child_allocate(
        actor=setup.north.cin_manager, child=child, team=setup.north.cin, worker=setup.north.cin_manager
    )
    changes: dict = {}
    for entry in child_timeline(
        user=setup.north.cin_manager, child=child
    ):  # newest first: keep the latest change of each field
        for change in entry.changes:
            changes.setdefault(change.field, change)
    worker = changes["Allocated worker"]
    assert (worker.old, worker.new) == (str(setup.north.social_worker), str(setup.north.cin_manager))
