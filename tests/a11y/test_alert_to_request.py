"""Alert to request (issue 15): a Child in Need manager of the authority a "Child in Need moved in"
alert went to is told of it, may read it (through the referrals policy: the authority's CIN managers
read that kind of alert), and opens a transfer request to the other authority from it, prefilled."""

import html
import re

import pytest
from django.urls import reverse

from portal.models import Notification
from tests.helpers import client_for
from tests.referrals.factories import alert
from transfers.models import TransferRequest


@pytest.fixture
def moved_in(setup):
    return alert(setup, previous_area=setup.south.org.name, current_address="4 Harbour Lane\nNorthshire")


def _field(page: str, name: str) -> str:
    found = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>(?:([^<]*)</textarea>)?', page)
    assert found, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    if found.group(1) is not None:  # a textarea: HTML drops the newline that opens its content
        return html.unescape(found.group(1).removeprefix("\n"))
    return html.unescape(value.group(1) if value else "")


def test_the_cin_manager_is_told_and_opens_a_prefilled_request_from_the_alert(setup, moved_in):
    manager = setup.north.cin_manager
    assert Notification.objects.filter(recipient=manager, link=moved_in.get_absolute_url()).exists()
    client = client_for(manager)
    page = client.get(moved_in.get_absolute_url())
    assert page.status_code == 200
    start = f"{reverse('transfers:request_create')}?source=mast_alert&amp;id={moved_in.pk}"
    assert start in page.content.decode()

    form = client.get(html.unescape(start)).content.decode()
    assert 'data-testid="request-source"' in form
    assert _field(form, "child_first_name") == "Robin" and _field(form, "child_last_name") == "Newcombe"
    assert _field(form, "child_address") == "4 Harbour Lane\nNorthshire"
    assert moved_in.what_is_known in _field(form, "how_learned")
    assert re.search(rf'<option value="{setup.south.org.pk}" selected', form)

    sent = client.post(
        html.unescape(start),
        {
            "requesting_team": setup.north.cin.pk,
            "sending_authority": setup.south.org.pk,
            "child_first_name": "Robin",
            "child_last_name": "Newcombe",
            "child_address": "4 Harbour Lane",
            "how_learned": _field(form, "how_learned"),
        },
    )
    assert sent.status_code == 302
    made = TransferRequest.objects.get()
    assert made.source == moved_in and made.requested_by == manager


def test_no_one_else_starts_a_request_from_the_alert(setup, moved_in):
    url = f"{reverse('transfers:request_create')}?source=mast_alert&id={moved_in.pk}"
    # Another authority's CIN manager may not read the alert: the request cannot start from it.
    assert client_for(setup.south.cin_manager).get(url).status_code == 404
    assert client_for(setup.south.cin_manager).get(moved_in.get_absolute_url()).status_code == 404
    # A CIN practitioner does not read it (their manager decides); MAST acts on it, not by a request.
    assert client_for(setup.north.social_worker).get(moved_in.get_absolute_url()).status_code == 404
    assert "source=mast_alert" not in client_for(setup.north.screener).get(moved_in.get_absolute_url()).content.decode()
