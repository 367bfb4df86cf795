"""Transfers on the team manager's dashboard, in the child's picture, and on the home page."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.helpers import client_for, queries_to_get
from tests.transfers.factories import accept, draft_transfer, referred_transfer


def test_dashboard_counts_transfers_by_clock_and_each_links_to_exactly_those(setup):
    today = timezone.localdate()
    for days_ago in (20, 17, 12, 11, 2):  # red, red, amber, amber, green (15-day clock)
        referred_transfer(setup, referred_on=today - timedelta(days=days_ago))
    accept(setup, referred_transfer(setup, referred_on=today - timedelta(days=9)))  # decided: charted, not counted
    for manager, direction in [(setup.south.cin_manager, "Incoming"), (setup.north.cin_manager, "Outgoing")]:
        client = client_for(manager)
        response = client.get(reverse("portal:dashboard"))
        counts = {c.label: c for w in response.context["widgets"] for c in w.counts}
        assert counts[f"{direction}: overdue"].number == 2
        assert counts[f"{direction}: due within 5 days"].number == 2
        assert counts[f"{direction}: on track"].number == 1
        for count in counts.values():
            listing = client.get(count.url)
            assert listing.status_code == 200, count.url
            assert listing.context["page"].paginator.count == count.number, count.label
        content = response.content.decode()
        assert "<svg" in content and "15-day limit" in content
        assert "9 days" in content  # the decision time, also as a table for screen readers


def test_the_dashboard_lists_undecided_transfers_overdue_first_with_their_colour(setup):
    today = timezone.localdate()
    referred_transfer(setup, referred_on=today - timedelta(days=3))
    referred_transfer(setup, referred_on=today - timedelta(days=18))
    response = client_for(setup.south.cin_manager).get(reverse("portal:dashboard"))
    table = next(w for w in response.context["widgets"] if w.title == "Transfers in and out")
    assert [row[3]["colour"] for row in table.rows] == ["red", "green"]


def test_dashboard_query_count_stays_flat_with_transfers(setup):
    client = client_for(setup.south.cin_manager)

    def count() -> int:
        return queries_to_get(client, reverse("portal:dashboard"))

    today = timezone.localdate()
    accept(setup, referred_transfer(setup, referred_on=today - timedelta(days=5)))
    referred_transfer(setup, referred_on=today - timedelta(days=1))
    few = count()
    for days in range(2, 10):
        transfer = referred_transfer(setup, referred_on=today - timedelta(days=days))
        if days % 2:
            accept(setup, transfer)
    assert count() == few


def test_a_transfer_in_progress_shows_in_who_is_involved_open_work_and_the_timeline(setup):
    transfer = referred_transfer(setup)
    child = transfer.child
    client = client_for(setup.north.social_worker)
    involved = re.sub(r"\s+", " ", client.get(reverse("portal:child_involved", args=[child.pk])).content.decode())
    assert "Transferring the case (referred)" in involved
    assert "Receiving authority: deciding on the transfer" in involved
    family = re.sub(r"\s+", " ", client.get(reverse("portal:child_family", args=[child.pk])).content.decode())
    assert "Child in Need transfer to South Council" in family
    timeline = client.get(reverse("portal:child_timeline", args=[child.pk])).content.decode()
    assert "Child in Need transfer: Referred to the receiving authority" in timeline


def test_draft_transfers_appear_on_the_home_page(setup):
    draft_transfer(setup)
    content = client_for(setup.north.social_worker).get(reverse("portal:home")).content.decode()
    assert "Your draft transfers" in content
    assert "to South Council" in content


def test_the_picture_shows_only_records_the_viewer_may_see(setup):
    """Finding 2 (issue 11): a health visitor who may see the child (on consent), but gets 404 on its
    declined transfer, does not read the transfer, or its decline reason, on the child's pages."""
    from portal import services as core
    from transfers import services

    transfer = referred_transfer(setup)
    child = transfer.child
    services.transfer_decline(actor=setup.south.cin_manager, transfer=transfer, reason="Confidential reason XYZ")
    core.child_access_grant(child=child, basis="consent", level="view", user=setup.health_visitor)
    visitor = client_for(setup.health_visitor)
    assert visitor.get(reverse("transfers:cin_detail", args=[transfer.pk])).status_code == 404
    for name in ("portal:child_timeline", "portal:child_involved", "portal:child_family"):
        page = visitor.get(reverse(name, args=[child.pk])).content.decode()
        assert "Confidential reason XYZ" not in page, name
        assert "Child in Need transfer" not in page, name
        assert "Transferring the case" not in page, name
    # Those the transfer is between still see it.
    worker = client_for(setup.north.social_worker).get(reverse("portal:child_timeline", args=[child.pk]))
    assert "Child in Need transfer" in worker.content.decode()
