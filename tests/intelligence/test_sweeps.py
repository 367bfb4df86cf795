"""The one-working-day clock: an item not assessed in time goes to the Child Exploitation team's
managers, once; assessing it closes the escalation; a repeat run costs the same however many items
are due (issue 14)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intelligence import scale, services
from intelligence.models import IntelligenceItem
from portal import sweeps
from portal.models import Escalation
from tests.intelligence.factories import ce_team, submitted

Item = IntelligenceItem
pytestmark = pytest.mark.django_db
KIND = Escalation.Kind.INTELLIGENCE_NOT_ASSESSED


def test_the_sweep_is_registered_with_the_core():
    assert "escalate_unassessed_intelligence" in sweeps.registered_names()


def test_an_item_not_assessed_in_a_working_day_escalates_once_to_the_teams_manager(setup):
    ce = ce_team(setup)
    item = submitted(setup.health_visitor)
    due = item.assess_due_on
    assert services.intelligence_escalate_unassessed(today=due) == {"unassessed_raised": 0}
    assert services.intelligence_escalate_unassessed(today=due + timedelta(days=1)) == {"unassessed_raised": 1}
    assert services.intelligence_escalate_unassessed(today=due + timedelta(days=2)) == {"unassessed_raised": 0}
    escalation = Escalation.objects.get(kind=KIND)
    assert list(escalation.assignees.all()) == [ce.manager]
    assert escalation.child is None and item.seen_or_heard not in escalation.summary
    services.intelligence_assess(actor=ce.worker, item=item, notes="Assessed late, adds to the picture.")
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.RESOLVED


def test_an_assessed_item_never_escalates(setup):
    ce = ce_team(setup)
    item = submitted(setup.health_visitor)
    services.intelligence_assess(actor=ce.worker, item=item, notes="Assessed the same day.")
    services.intelligence_escalate_unassessed(today=item.assess_due_on + timedelta(days=5))
    assert not Escalation.objects.filter(kind=KIND).exists()


def _due(setup, count: int, start: int) -> None:
    ce = ce_team(setup)
    places = scale.scale_places(authority=setup.north.org)
    made = scale.bulk_items(
        authority=setup.north.org,
        submitter=setup.health_visitor,
        linker=ce.worker,
        indices=range(start * 10, (start + count) * 10, 10),  # every one new
        places=places,
        child_ids=[],
    )
    assert all(item.state == Item.State.NEW for item in made)


def _queries(today) -> int:
    with CaptureQueriesContext(connection) as captured:
        sweeps.run("escalate_unassessed_intelligence", today=today)
    return len(captured)


def test_a_repeat_run_costs_the_same_with_10_and_200_due_items(setup):
    today = timezone.localdate() + timedelta(days=500)
    _due(setup, 10, 0)
    _queries(today)
    repeat_10 = _queries(today)
    _due(setup, 190, 10)
    first_200 = _queries(today)
    repeat_200 = _queries(today)
    assert Escalation.objects.filter(kind=KIND).count() == 200
    assert repeat_200 == repeat_10
    assert first_200 < 200  # raised in bulk, not one query per item


def test_the_escalation_links_to_the_item_only_for_those_who_may_open_it(setup):
    from django.urls import reverse

    from tests.helpers import client_for

    ce = ce_team(setup)
    item = submitted(setup.health_visitor)
    services.intelligence_escalate_unassessed(today=item.assess_due_on + timedelta(days=1))
    url = reverse("portal:escalation_detail", args=[Escalation.objects.get(kind=KIND).pk])
    item_url = reverse("intelligence:detail", args=[item.pk])
    manager_page = client_for(ce.manager).get(url)
    assert manager_page.status_code == 200 and f'href="{item_url}"' in manager_page.content.decode()
    guardian_page = client_for(setup.north.caldicott).get(url)
    assert guardian_page.status_code == 200, guardian_page.status_code
    assert f'href="{item_url}"' not in guardian_page.content.decode()
    assert item.seen_or_heard not in guardian_page.content.decode()
