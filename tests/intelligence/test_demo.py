import pytest
from django.urls import reverse

from intelligence import demo, trends
from intelligence.models import IntelligenceItem, Place
from portal.models import Escalation
from tests.helpers import client_for, demo_world

Item = IntelligenceItem
pytestmark = pytest.mark.django_db


def test_seed_demo_shows_intelligence_in_use_idempotently():
    world = demo_world()
    demo.seed(world)
    states = set(Item.objects.values_list("state", flat=True))
    assert states == {"draft", "new", "linked", "shared_with_police", "no_further_action"}
    manager, worker = world.users["north.cemanager"], world.users["north.ceworker"]
    escalation = Escalation.objects.get(kind=Escalation.Kind.INTELLIGENCE_NOT_ASSESSED)
    assert list(escalation.assignees.all()) == [manager]
    # The recurrence shows on the trends page.
    items = trends.trend_items(user=worker, filters=trends.Filters())
    assert [(p.description, p.item_count, p.child_count) for p in trends.recurring_places(items)] == [
        (demo.CAR_PARK, 2, 2)
    ]
    # The same adult of concern, typed two ways by two teams, is one person linked to both children.
    assert [(p.name, p.item_count, p.child_count) for p in trends.people_with_several_children(items)] == [
        ("Tiny Marston", 2, 2)
    ]
    page = client_for(worker).get(reverse("intelligence:trends")).content.decode()
    assert demo.CAR_PARK in page and "AB12CDE" in page and "Tiny Marston" in page
    count = Item.objects.count()
    demo.seed(world)
    assert Item.objects.count() == count and Place.objects.count() == 1
