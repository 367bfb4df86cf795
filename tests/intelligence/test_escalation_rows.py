"""An escalation about unassessed intelligence, in the rows of the escalation list and the home page:
whoever sees the row but may not open the item (a Caldicott Guardian, a manager outside the Child
Exploitation team) reads neither whom it is about nor what it says, nor a link to it (issue 16)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from intelligence import services
from portal.models import Escalation
from tests.factories import make_child
from tests.helpers import client_for
from tests.intelligence.factories import ce_team, submitted

pytestmark = pytest.mark.django_db
SECRET = "Seen with the man they call Tiny Marston at the underpass"


def _escalated(setup):
    ce = ce_team(setup)
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Oriel", last_name="Quist")
    item = submitted(setup.health_visitor, child=child, seen_or_heard=SECRET, opinion="Quist is at risk.")
    services.intelligence_escalate_unassessed(today=item.assess_due_on + timedelta(days=1))
    escalation = Escalation.objects.get(kind=Escalation.Kind.INTELLIGENCE_NOT_ASSESSED)
    return ce, child, item, escalation


def _says_nothing_of(page: str, child, item) -> None:
    for secret in (child.first_name, child.last_name, SECRET, "Tiny Marston", "Quist"):
        assert secret not in page, secret
    assert f'href="{reverse("intelligence:detail", args=[item.pk])}"' not in page


@pytest.mark.parametrize("who", ["caldicott", "cin_manager", "mast_manager"])
def test_the_escalation_rows_name_neither_the_child_nor_the_content_to_those_who_may_not_open_it(setup, who):
    ce, child, item, escalation = _escalated(setup)
    user = getattr(setup.north, who)
    for url in (
        reverse("portal:escalation_list"),
        reverse("portal:home"),
        reverse("portal:escalation_list") + "?show=all",
    ):
        response = client_for(user).get(url)
        assert response.status_code in (200, 403, 404), (url, response.status_code)
        if response.status_code == 200:
            _says_nothing_of(response.content.decode(), child, item)
    response = client_for(user).get(reverse("portal:escalation_detail", args=[escalation.pk]))
    if response.status_code == 200:
        _says_nothing_of(response.content.decode(), child, item)


def test_the_teams_manager_sees_the_escalation_row_and_its_reference(setup):
    ce, child, item, escalation = _escalated(setup)
    page = client_for(ce.manager).get(reverse("portal:escalation_list")).content.decode()
    assert item.reference in page
    assert child.last_name not in page and SECRET not in page
