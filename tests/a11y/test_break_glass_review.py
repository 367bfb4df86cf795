"""The break-glass review (issue 15): the reviewer sees what the user read while the emergency access
was open (from the access log), records justified or not justified with notes, and can end the
access at once — the emergency grant is revoked in the ledger, recorded, and the user told."""

import html
import re

import pytest
from django.urls import reverse

from portal import services
from portal.models import ChildAccessGrant, Escalation, Notification
from tests.factories import make_child
from tests.helpers import client_for

REASON = "Police found the child alone at night; need the carer's details."


@pytest.fixture
def broken_glass(setup):
    child = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ada", last_name="North")
    event = services.emergency_access_grant(actor=setup.south.screener, child=child, reason=REASON)
    escalation = Escalation.objects.get(kind=Escalation.Kind.EMERGENCY_ACCESS)
    return child, event, escalation


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def test_the_reviewer_sees_what_was_viewed_during_the_access(setup, broken_glass):
    child, _event, escalation = broken_glass
    screener = client_for(setup.south.screener)
    assert screener.get(reverse("portal:child_detail", args=[child.pk])).status_code == 200
    assert screener.get(reverse("portal:child_timeline", args=[child.pk])).status_code == 200
    # The allocated worker's reading is not the emergency user's.
    client_for(setup.north.info_lead).get(reverse("portal:escalation_detail", args=[escalation.pk]))

    page = client_for(setup.north.caldicott).get(reverse("portal:escalation_detail", args=[escalation.pk]))
    viewed = _text(re.search(r'data-testid="break-glass-viewed">(.*?)</table>', page.content.decode(), re.S).group(1))
    assert "Child's record" in viewed and "Timeline" in viewed
    assert "Escalation" not in viewed  # the info lead's read of this page is not in the list
    assert "The access is still open." in page.content.decode()


def test_the_reviewer_ends_the_access_at_once(setup, broken_glass):
    child, event, escalation = broken_glass
    url = reverse("portal:escalation_detail", args=[escalation.pk])
    # Someone who may see the escalation but not act on it (the child's worker) cannot end it.
    assert client_for(setup.north.social_worker).post(url, {"action": "end_access"}).status_code == 403

    response = client_for(setup.north.caldicott).post(url, {"action": "end_access"})
    assert response.status_code == 302
    grant = ChildAccessGrant.objects.get(basis=ChildAccessGrant.Basis.EMERGENCY, user=setup.south.screener)
    assert grant.revoked_at is not None and grant.revoked_by == setup.north.caldicott
    assert grant.revoked_at < event.expires_at
    assert client_for(setup.south.screener).get(reverse("portal:child_detail", args=[child.pk])).status_code == 404
    assert Notification.objects.filter(recipient=setup.south.screener, subject__icontains="ended").exists()
    assert escalation.history.filter(history_change_reason="Emergency access ended by the reviewer").exists()
    page = client_for(setup.north.caldicott).get(url).content.decode()
    assert "The access has ended." in page and "End the access now</button>" not in page


def test_the_review_records_not_justified_and_can_end_the_access(setup, broken_glass):
    child, _event, escalation = broken_glass
    url = reverse("portal:escalation_detail", args=[escalation.pk])
    client = client_for(setup.north.caldicott)

    missing = client.post(url, {"action": "review", "notes": ""})
    assert missing.status_code == 200
    assert "Say whether the emergency access was justified" in missing.content.decode()
    assert 'href="#id_finding' in missing.content.decode()

    done = client.post(
        url,
        {
            "action": "review",
            "finding": "not_justified",
            "notes": "Could have waited for the morning.",
            "end_access": "on",
        },
    )
    assert done.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.RESOLVED
    assert escalation.resolution == "Emergency access not justified"
    assert escalation.rationale == "Could have waited for the morning."
    assert client_for(setup.south.screener).get(reverse("portal:child_detail", args=[child.pk])).status_code == 404


def test_a_justified_review_leaves_the_access_open_unless_asked(setup, broken_glass):
    child, _event, escalation = broken_glass
    url = reverse("portal:escalation_detail", args=[escalation.pk])
    client_for(setup.north.caldicott).post(url, {"action": "review", "finding": "justified", "notes": "Needed."})
    escalation.refresh_from_db()
    assert escalation.resolution == "Emergency access justified"
    assert client_for(setup.south.screener).get(reverse("portal:child_detail", args=[child.pk])).status_code == 200


def test_the_reviewer_can_acknowledge_it_first(setup, broken_glass):
    _child, _event, escalation = broken_glass
    url = reverse("portal:escalation_detail", args=[escalation.pk])
    assert client_for(setup.north.caldicott).post(url, {"action": "acknowledge"}).status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.ACKNOWLEDGED
