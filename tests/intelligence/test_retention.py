"""Exploitation intelligence as a retention record type (issue 17): a closed item is listed for review
six years after its last activity; disposal empties what it says in the item and every history row,
removes its links to children and people (and people no other item names) with their history, in the
retention service's one transaction, and is refused under a legal hold."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from intelligence import services as intel
from intelligence.models import Individual, IntelligenceItem
from portal import extensions
from retention import services
from retention.models import LegalHold, RetentionRule, ReviewItem
from tests.factories import make_child
from tests.intelligence.factories import assessed, ce_team
from tests.retention.factories import later, listed

pytestmark = pytest.mark.django_db
TYPE = "intelligence.item"
FACT = "Seen with Tiny Marston at the underpass"


def rows(sql: str, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _closed(setup, *, close: bool = True):
    ce = ce_team(setup)
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Oriel")
    item = assessed(setup, setup.health_visitor, seen_or_heard=FACT, opinion="Marston grooms children.")
    intel.intelligence_child_find(actor=ce.worker, item=item, nhs_number=child.nhs_number)
    intel.intelligence_link_person(actor=ce.worker, item=item, kind="adult", name="Tiny Marston")
    if close:
        intel.intelligence_close(
            actor=ce.worker, item=item, outcome="no_further_action", reasons="Nothing more to add: Marston known."
        )
    return item, child


def test_the_type_is_registered_with_a_seeded_rule_of_six_years_from_last_activity():
    assert extensions.retention_type(TYPE) is not None
    rule = RetentionRule.objects.get(record_type=TYPE)
    assert (rule.trigger, rule.years, rule.months) == ("last_activity", 6, 0)


def test_a_closed_item_is_listed_after_six_years_and_an_open_one_never(setup):
    item, _ = _closed(setup)
    still_open, _ = _closed(setup, close=False)
    services.retention_list_due(today=later(years=5))
    assert not ReviewItem.objects.filter(record_type=TYPE).exists()
    services.retention_list_due(today=later(years=7))
    assert set(ReviewItem.objects.filter(record_type=TYPE).values_list("object_id", flat=True)) == {item.pk}
    assert ReviewItem.objects.get(record_type=TYPE).organisation == setup.north.org


def test_disposal_removes_the_personal_data_from_the_item_its_links_and_their_history(setup):
    item, child = _closed(setup)
    review = listed(TYPE, item)
    assert IntelligenceItem.history.model._meta.db_table == "intelligence_historicalintelligenceitem"
    assert (
        rows(
            "SELECT count(*) FROM intelligence_historicalintelligenceitem WHERE id = %s AND seen_or_heard <> ''",
            item.pk,
        )[0][0]
        > 0
    )
    services.retention_dispose(actor=setup.north.info_lead, item_ids=[review.pk], today=later())

    assert rows(
        "SELECT seen_or_heard, opinion, place_description, assessment_notes, outcome_reasons "
        "FROM intelligence_intelligenceitem WHERE id = %s",
        item.pk,
    ) == [("", "", "", "", "")]
    history = rows(
        "SELECT seen_or_heard, opinion, outcome_reasons FROM intelligence_historicalintelligenceitem WHERE id = %s",
        item.pk,
    )
    assert history == [("", "", "")]
    assert rows("SELECT count(*) FROM intelligence_itemchild WHERE item_id = %s", item.pk) == [(0,)]
    assert rows("SELECT count(*) FROM intelligence_historicalitemchild WHERE item_id = %s", item.pk) == [(0,)]
    assert rows("SELECT count(*) FROM intelligence_itemindividual WHERE item_id = %s", item.pk) == [(0,)]
    assert rows("SELECT count(*) FROM intelligence_historicalitemindividual WHERE item_id = %s", item.pk) == [(0,)]
    assert not Individual.objects.exists()
    assert rows("SELECT count(*) FROM intelligence_historicalindividual WHERE name LIKE %s", "%Marston%") == [(0,)]
    # The shape stays for the trends: the type, the district, the dates.
    item.refresh_from_db()
    assert item.kind and item.postcode_district and item.submitted_at


def test_a_person_another_item_names_is_kept(setup):
    item, _ = _closed(setup)
    other, _ = _closed(setup, close=False)
    services.retention_dispose(actor=setup.north.info_lead, item_ids=[listed(TYPE, item).pk], today=later())
    assert Individual.objects.get().item_links.get().item == other


@pytest.mark.parametrize("scope", ["record", "child"])
def test_disposal_is_refused_under_a_legal_hold(setup, scope):
    item, _ = _closed(setup)
    review = listed(TYPE, item)
    officer = setup.north.info_lead
    services.legal_hold_place(
        actor=officer, item=review, scope=scope, kind=LegalHold.Kind.SAFEGUARDING, reason="A live concern"
    )
    with pytest.raises(ValidationError, match="legal hold"):
        services.retention_dispose(actor=officer, item_ids=[review.pk], today=later())
    assert rows("SELECT seen_or_heard FROM intelligence_intelligenceitem WHERE id = %s", item.pk) == [(FACT,)]
