"""Exploitation intelligence, for retention (issue 17). A closed item (shared with the police or no
further action) is reviewed six years after its last activity (the seeded rule); disposing of it
empties what it says and where, its subjects' descriptions and the team's notes in the item and its
history, and removes its links to children and people (with their history) and any person no other
item names. The item's reference, type, postcode district, dates and grading stay, so the trends
still count it. Runs inside the retention service's transaction, which checks legal holds first."""

from django.db.models.functions import Coalesce, TruncDate

from intelligence.models import Individual, IntelligenceItem, ItemChild, ItemIndividual, Subject
from portal import extensions
from portal.disposal import anonymise_with_history

RECORD_TYPE = "intelligence.item"
Item = IntelligenceItem

ANONYMISED_ITEM = {
    "seen_or_heard": "",
    "opinion": "",
    "time_of_day": "",
    "place_description": "",
    "handling_conditions": "",
    "assessment_notes": "",
    "outcome_reasons": "",
    "police_reference": "",
}


def candidates():
    return Item.objects.filter(state__in=Item.CLOSED_STATES)


def _delete_with_history(model, ids: list[int]) -> None:
    model.objects.filter(pk__in=ids).delete()
    model.history.model.objects.filter(id__in=ids).delete()  # the deletion's own version too


def dispose(*, ids: list[int], reason: str) -> int:
    subjects = list(Subject.objects.filter(item_id__in=ids).values_list("pk", flat=True))
    anonymise_with_history(Subject, subjects, values={"description": ""}, reason=reason)
    _delete_with_history(ItemChild, list(ItemChild.objects.filter(item_id__in=ids).values_list("pk", flat=True)))
    people = set(ItemIndividual.objects.filter(item_id__in=ids).values_list("individual_id", flat=True))
    _delete_with_history(
        ItemIndividual, list(ItemIndividual.objects.filter(item_id__in=ids).values_list("pk", flat=True))
    )
    orphans = list(
        Individual.objects.filter(pk__in=people, item_links__isnull=True).values_list("pk", flat=True).distinct()
    )
    _delete_with_history(Individual, orphans)
    return anonymise_with_history(Item, ids, values=ANONYMISED_ITEM, reason=reason)


def register() -> None:
    extensions.register_retention_type(
        RECORD_TYPE,
        label="Exploitation intelligence item",
        candidates=candidates,
        triggers={
            "closure": TruncDate("closed_at"),
            "last_activity": TruncDate(Coalesce("closed_at", "assessed_at", "submitted_at", "created_at")),
        },
        organisation="authority_id",
        # A hold on the child the item is linked to holds it (one child per item is checked: the
        # retention interface takes one child lookup).
        child="child_links__child_id",
        dispose=dispose,
    )
