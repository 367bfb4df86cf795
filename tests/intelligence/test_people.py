"""People intelligence is about (adults of concern, other young people, online accounts) are counted
records, stored once per authority: the same person typed two ways is one person; the trends show the
people who recur and the children linked to the same person, filterable, and the CSV counts them
without naming anyone; the free-text subjects recorded before became people (issue 16 §1)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from intelligence import rules, services, trends
from intelligence.models import Individual, ItemIndividual
from tests.factories import make_child
from tests.helpers import client_for
from tests.intelligence.factories import assessed, ce_team, draft

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "one", "other"),
    [
        ("adult", "Tiny Marston", "marston,  TINY"),
        ("adult", "Mr Tiny Marston", "Tiny Marston"),
        ("young_person", "'Jay' Okafor", "Okafor Jay"),
        ("online_account", "@Tiny_M", " tiny_m"),
    ],
)
def test_the_same_person_typed_two_ways_has_one_key(kind, one, other):
    assert rules.person_key(kind, one) == rules.person_key(kind, other) != ""


def test_different_people_keep_different_keys():
    assert rules.person_key("adult", "Tiny Marston") != rules.person_key("adult", "Tony Marston")
    assert rules.person_key("online_account", "tiny.m") != rules.person_key("online_account", "tiny_m")


def test_the_team_links_the_same_person_from_two_submissions_to_one_record(setup):
    ce = ce_team(setup)
    first, second = assessed(setup, setup.health_visitor), assessed(setup, setup.north.social_worker)
    services.intelligence_link_person(actor=ce.worker, item=first, kind="adult", name="Tiny Marston")
    link = services.intelligence_link_person(actor=ce.worker, item=second, kind="adult", name="MARSTON, Tiny")
    person = Individual.objects.get()
    assert link.individual == person and person.name == "Tiny Marston"
    assert person.item_links.count() == 2
    second.refresh_from_db()
    assert second.state == "linked"
    # An account with the same words is another kind of record, not the same person.
    services.intelligence_link_person(actor=ce.worker, item=first, kind="online_account", name="tinymarston")
    assert Individual.objects.count() == 2


def test_linking_a_person_is_the_teams_and_needs_a_name(setup):
    ce = ce_team(setup)
    item = assessed(setup, setup.health_visitor)
    with pytest.raises(ValidationError):
        services.intelligence_link_person(actor=ce.worker, item=item, kind="adult", name=" ,. ")
    with pytest.raises(ValidationError):
        services.intelligence_link_person(actor=ce.worker, item=item, kind="vehicle", name="Tiny")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.intelligence_link_person(actor=setup.health_visitor, item=item, kind="adult", name="Tiny")
    south = ce_team(setup, "south")
    with pytest.raises(PermissionDenied):
        services.intelligence_link_person(actor=south.worker, item=item, kind="adult", name="Tiny")


def _two_children_one_person(setup):
    ce = ce_team(setup)
    one = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ada")
    two = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Bea")
    first = assessed(setup, setup.health_visitor, kind="sexual")
    second = assessed(setup, setup.north.social_worker, kind="county_lines")
    for item, child, name in [(first, one, "Tiny Marston"), (second, two, "tiny marston")]:
        services.intelligence_child_find(actor=ce.worker, item=item, nhs_number=child.nhs_number)
        services.intelligence_link_person(actor=ce.worker, item=item, kind="adult", name=name)
    lone = assessed(setup, setup.health_visitor)
    services.intelligence_link_person(actor=ce.worker, item=lone, kind="young_person", name="Jay Okafor")
    return ce


def test_the_trends_show_the_person_who_recurs_and_the_children_linked_to_them(setup):
    ce = _two_children_one_person(setup)
    page = client_for(ce.worker).get(reverse("intelligence:trends") + "?months=0")
    [person] = page.context["people"]
    assert (person.name, person.item_count, person.child_count) == ("Tiny Marston", 2, 2)
    assert [p.name for p in page.context["shared_people"]] == ["Tiny Marston"]
    html = page.content.decode()
    assert 'data-testid="recurring-people"' in html and 'data-testid="shared-people"' in html
    # Filtered: by the kind of person, and by the items' own filters.
    page = client_for(ce.worker).get(reverse("intelligence:trends") + "?months=0&person_kind=young_person")
    assert page.context["people"] == [] and page.context["shared_people"] == []
    page = client_for(ce.worker).get(reverse("intelligence:trends") + "?months=0&kind=sexual")
    assert page.context["people"] == [] and page.context["shared_people"] == []


def test_the_csv_counts_people_and_recurrences_and_names_nobody(setup):
    ce = _two_children_one_person(setup)
    response = client_for(ce.worker).get(reverse("intelligence:trends") + "?months=0&format=csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].endswith("People linked,People linked who recur")
    assert "Marston" not in "\n".join(lines) and "Okafor" not in "\n".join(lines)
    assert sorted(line.split(",")[-2:] == ["1", "1"] for line in lines[1:]) == [False, True, True]


def test_the_trends_query_helpers_are_limited_to_the_items_given(setup):
    ce = _two_children_one_person(setup)
    items = trends.trend_items(user=ce.worker, filters=trends.Filters(kind="county_lines"))
    assert list(trends.recurring_people(items)) == []


def test_the_data_migration_turns_free_text_subjects_into_counted_people(setup):
    from importlib import import_module

    migration = import_module("intelligence.migrations.0005_free_text_people_become_individuals")
    for submitter, name in [(setup.health_visitor, "Tiny Marston"), (setup.north.social_worker, "Marston, Tiny")]:
        item = draft(submitter)
        services.intelligence_subject_add(actor=submitter, item=item, kind="adult", description=name)
        services.intelligence_subject_add(actor=submitter, item=item, kind="vehicle", description="AB12 CDE")
        services.intelligence_submit(actor=submitter, item=item)
    unsent = draft(setup.health_visitor)
    services.intelligence_subject_add(actor=setup.health_visitor, item=unsent, kind="adult", description="Tiny Marston")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # run again: nothing doubled
    person = Individual.objects.get()
    assert (person.kind, person.name) == ("adult", "Tiny Marston")
    assert ItemIndividual.objects.filter(individual=person).count() == 2
    assert not ItemIndividual.objects.filter(item=unsent).exists()
