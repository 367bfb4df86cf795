"""Sharing logs: who sees them, filters, CSV export."""

import csv
import io
from datetime import date, timedelta

from django.urls import reverse

from portal import services as core
from sharing import services
from tests.helpers import client_for, queries_to_get
from tests.sharing.factories import (
    basis,
    give_consent,
    health_request,
    record_decision,
    shared_details,
)


def test_organisation_log_is_for_reviewers(setup, child):
    record_decision(setup, child)
    url = reverse("sharing:organisation_log")
    assert client_for(setup.north.caldicott).get(url).status_code == 200
    assert client_for(setup.north.info_lead).get(url).status_code == 200
    assert client_for(setup.north.social_worker).get(url).status_code == 403
    # Another organisation's guardian sees their own (empty) log, not this one.
    assert b"Ada North" not in client_for(setup.south.caldicott).get(url).content
    assert b"Ada North" in client_for(setup.north.caldicott).get(url).content


def test_the_log_filters_and_exports_csv(setup, child):
    record_decision(setup, child)
    record_decision(setup, child, answers={"purpose": "no", "consent": "no"}, share=False)
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=health_request(setup),
        answers={"purpose": "yes", "consent": "yes"},
        consent=consent,
        reasons="Agreed",
        shared=shared_details(article_6_basis=basis("6(1)(a)")),
    )
    client = client_for(setup.north.social_worker)
    url = reverse("sharing:child_log", args=[child.pk])
    assert client.get(url).content.count(b"sharing/decisions/") == 3
    assert client.get(url, {"outcome": "do_not_share"}).content.count(b"sharing/decisions/") == 1
    assert client.get(url, {"consent": "with"}).content.count(b"sharing/decisions/") == 1
    assert client.get(url, {"consent": "without"}).content.count(b"sharing/decisions/") == 2
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert client.get(url, {"date_from": tomorrow}).content.count(b"sharing/decisions/") == 0

    response = client.get(url, {"format": "csv", "outcome": "share"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][0] == "Decision"
    assert len(rows) == 3
    assert {row[7] for row in rows[1:]} == {"Share"}


def test_csv_cells_never_start_a_formula(setup, child):
    decision = services.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=services.SharingRequest(
            requested_by="x",
            purpose="safeguarding",
            purpose_detail="x",
            recipient_organisation=setup.health,
            recipient_name='=HYPERLINK("x")',
        ),
        answers={"purpose": "no", "consent": "no"},
        reasons="=1+1",
    )
    response = client_for(setup.north.social_worker).get(
        reverse("sharing:child_log", args=[child.pk]), {"format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[1][0] == str(decision.pk)
    assert rows[1][10].startswith("'=")
    assert rows[1][16] == "'=1+1"


def test_log_query_counts_stay_flat(setup, child):
    client = client_for(setup.north.caldicott)

    urls = [reverse("sharing:organisation_log"), reverse("sharing:child_log", args=[child.pk])]
    record_decision(setup, child)
    core.child_access_grant(child=child, basis="referral", level="view", user=setup.north.caldicott)
    few = [queries_to_get(client, url) for url in urls]
    for _ in range(15):
        record_decision(setup, child)
    assert [queries_to_get(client, url) for url in urls] == few


def _csv_queries(client, url) -> tuple[int, int]:
    """Queries for the whole CSV export, read to its end, and the rows it held."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"format": "csv"})
        body = b"".join(response.streaming_content)
    return len(captured), len(list(csv.reader(io.StringIO(body.decode())))) - 1


def test_the_csv_export_streams_in_the_same_number_of_queries_with_10_and_500_decisions(setup, child):
    from sharing.models import SharingDecision

    record_decision(setup, child)
    decision = SharingDecision.objects.get()

    def copies(count: int) -> None:
        clones = []
        for _ in range(count):
            clone = SharingDecision.objects.get(pk=decision.pk)
            clone.pk = None
            clones.append(clone)
        SharingDecision.objects.bulk_create(clones)

    client = client_for(setup.north.caldicott)
    url = reverse("sharing:organisation_log")
    response = client.get(url, {"format": "csv"})
    # Streamed: nothing is built in memory before the response goes; rows come as they are read.
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    copies(9)
    with_ten, rows = _csv_queries(client, url)
    assert rows == 10
    copies(490)
    with_500, rows = _csv_queries(client, url)
    assert rows == 500
    assert with_500 == with_ten
