"""With the demo data, every manager's dashboard shows every state and colour, and every number
links to a list of exactly the items it counts (issue 7)."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.models import User
from portal.selectors import teams_managed_by


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - quiet


def test_every_dashboard_number_is_the_length_of_its_list(demo):
    managers = [u for u in User.objects.filter(groups__name="team_manager") if teams_managed_by(user=u).exists()]
    assert len(managers) >= 6
    colours = set()
    for manager in managers:
        client = Client()
        client.force_login(manager)
        response = client.get(reverse("portal:dashboard"))
        assert response.status_code == 200
        for widget in response.context["widgets"]:
            for count in widget.counts:
                listing = client.get(count.url)
                assert listing.status_code == 200, (manager.username, count.label)
                assert listing.context["page"].paginator.count == count.number, (manager.username, count.label)
                if count.number:
                    colours.add((widget.title, count.colour))
            for row in widget.rows:
                colours.update(
                    (widget.title, cell["colour"]) for cell in row if isinstance(cell, dict) and cell.get("colour")
                )
    transfer_colours = {colour for title, colour in colours if title == "Transfers in and out"}
    assert transfer_colours >= {"red", "orange", "green"}
    assert any("screening" in title and colour == "red" for title, colour in colours)
    assert ("Privacy information owed to significant others", "red") in colours


def test_the_review_queue_has_every_kind_of_escalation_the_demo_makes(demo):
    guardian = User.objects.get(username="north.caldicott")
    client = Client()
    client.force_login(guardian)
    content = re.sub(r"\s+", " ", client.get(reverse("portal:review_queue")).content.decode())
    for kind in ["Advice on sharing requested", "Consent overridden", "Transfer decision overdue", "Screening overdue"]:
        assert kind in content, kind
