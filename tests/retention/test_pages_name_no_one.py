"""The retention pages name no one (issue 17): over records of every type about a child with a
distinctive name, NHS number, date of birth and address, no page shows any of them; and the
review list costs the same number of queries with 10 or 500 records of the newer types."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import services as core
from retention import services
from retention.models import LegalHold
from tests.helpers import client_for, queries_to_get
from tests.retention.factories import bulk_items, due_item
from tests.transfers.factories import accept, cin_child, referred_transfer
from transfers import services as transfer_services

NAME, SURNAME, NHS, BORN = "Zebediah", "Quillfeather", "9434765919", date(2015, 3, 9)
PERSONAL = [NAME, SURNAME, NHS, "943 476 5919", "9 March 2015", "2015-03-09", "Quill Lane", "New Road"]


def _records_about_one_child(setup):
    child = cin_child(setup, first_name=NAME, last_name=SURNAME, nhs_number=NHS, date_of_birth=BORN)
    event = core.access_event_record(
        user=setup.north.cin_manager, child=child, basis="Team manager", what=f"{NAME}'s record"
    )
    request = transfer_services.transfer_request_create(
        actor=setup.south.screener,
        details=transfer_services.RequestDetails(
            requesting_team=setup.south.mast,
            sending_authority=setup.north.org,
            child_first_name=NAME,
            child_last_name=SURNAME,
            child_nhs_number=NHS,
            child_address="1 Quill Lane",
            how_learned=f"A MAST alert about {NAME}",
        ),
    )
    request = transfer_services.transfer_request_decline(
        actor=setup.north.social_worker, request=request, explanation=f"{NAME} {SURNAME} has not moved"
    )
    transfer = accept(setup, referred_transfer(setup, child=child))
    return child, event, request, transfer


def test_no_retention_page_shows_the_childs_details(setup):
    _, event, request, transfer = _records_about_one_child(setup)
    officer = setup.north.info_lead
    org = setup.north.org
    event_item = due_item("portal.access_event", event.pk, org)
    request_item = due_item("transfers.transfer_request", request.pk, org)
    transfer_item = due_item("transfers.cin_transfer", transfer.pk, org)
    hold = services.legal_hold_place(
        actor=officer, item=request_item, scope="record", kind=LegalHold.Kind.INQUIRY, reason="Inquiry"
    )
    [certificate] = services.retention_dispose(actor=officer, item_ids=[transfer_item.pk], today=timezone.localdate())
    pages = [
        reverse("retention:review"),
        reverse("retention:holds"),
        reverse("retention:reports"),
        reverse("retention:certificate", args=[certificate.pk]),
        reverse("retention:hold_place", args=[event_item.pk]),
        reverse("retention:hold_lift", args=[hold.pk]),
    ]
    client = client_for(officer)
    found = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        found += [f"{url}: {value}" for value in PERSONAL if value in page]
    assert not found, found
    # The pages did show the records (by type and number), so the absence means something.
    review = client.get(reverse("retention:review")).content.decode()
    assert f"Record {event.pk}" in review and "Access log entry" in review
    assert "Transfer request between authorities" in review


@pytest.mark.parametrize("record_type", ["portal.access_event", "transfers.transfer_request"])
def test_the_review_list_costs_the_same_with_10_and_500_records_of_the_newer_types(setup, record_type):
    client = client_for(setup.north.info_lead)
    bulk_items(setup.north.org, 10, record_type=record_type)
    with_10 = queries_to_get(client, reverse("retention:review"))
    bulk_items(setup.north.org, 490, start=10, record_type=record_type)
    with_500 = queries_to_get(client, reverse("retention:review"))
    assert with_500 == with_10, (with_10, with_500)
