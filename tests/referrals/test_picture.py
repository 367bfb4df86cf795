"""Referrals in the whole picture: the MAST manager's dashboard, home, the timeline, who is involved
and open work."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from portal import extensions, picture
from referrals import picture as referral_picture
from referrals.models import Outcome
from tests.helpers import client_for, queries_to_get
from tests.referrals import factories
from tests.referrals.factories import health_child, sent, start

LONDON = ZoneInfo("Europe/London")


def counts_on(response) -> dict[str, tuple[int, str]]:
    return {c.label: (c.number, c.url) for w in response.context["widgets"] for c in w.counts}


def test_every_screening_number_on_the_mast_dashboard_links_to_exactly_those_referrals(setup, time_machine):
    time_machine.move_to(datetime(2026, 6, 8, 10, tzinfo=LONDON))  # Monday: due Tuesday 9 June
    sent(setup)
    time_machine.move_to(datetime(2026, 6, 10, 10, tzinfo=LONDON))  # Wednesday: due Thursday 11 June
    sent(setup)
    factories.screened(setup, sent(setup), outcome=Outcome.EARLY_HELP)
    factories.alert(setup)
    time_machine.move_to(datetime(2026, 6, 11, 12, tzinfo=LONDON))  # Thursday
    sent(setup)  # due Friday 12 June

    manager = client_for(setup.north.mast_manager)
    response = manager.get(reverse("portal:dashboard"))
    counts = counts_on(response)
    assert counts["Referrals waiting for screening"][0] == 3
    assert counts["Screening overdue"][0] == 1
    assert counts["Screening due today"][0] == 1
    assert counts["Open alerts to MAST"][0] == 1
    for label, (number, url) in counts.items():
        listing = manager.get(url)
        assert listing.status_code == 200, url
        assert len(listing.context["page"].object_list) == number, (label, url)
    # A Children in Need manager has no MAST widget.
    cin = counts_on(client_for(setup.north.cin_manager).get(reverse("portal:dashboard")))
    assert "Screening overdue" not in cin


def test_the_mast_dashboard_query_count_is_flat(setup):
    manager = client_for(setup.north.mast_manager)

    def count() -> int:
        return queries_to_get(manager, reverse("portal:dashboard"))

    sent(setup)
    factories.alert(setup)
    few = count()
    for _ in range(5):
        sent(setup)
        factories.alert(setup)
    assert count() == few


def test_home_shows_unfinished_referrals_those_waiting_and_the_queue(setup):
    draft = start(setup.health_visitor, health_child(setup, first_name="Dee", last_name="Draft"))
    referral = sent(setup)
    home = re.sub(r"\s+", " ", client_for(setup.health_visitor).get(reverse("portal:home")).content.decode())
    assert "Your unfinished MAST referrals" in home and "About Dee Draft" in home
    assert reverse("referrals:resume", args=[draft.pk]) in home
    assert "Your MAST referrals waiting for an outcome" in home and referral.reference in home
    screener = client_for(setup.north.screener).get(reverse("portal:home")).content.decode()
    assert "Referrals for your MAST to screen" in screener and referral.reference in screener
    assert "Your unfinished MAST referrals" not in screener  # MAST staff who have made none
    assert "Referrals for your MAST to screen" not in home
    caldicott = client_for(setup.north.caldicott).get(reverse("portal:home")).content.decode()
    assert "MAST referrals" not in caldicott


def test_the_childs_timeline_shows_the_referral_sent_and_screened_but_never_the_draft(setup):
    child = health_child(setup)
    referral = sent(setup, child=child)
    factories.screened(setup, referral)
    entries = picture.child_timeline(user=setup.north.screener, child=child)
    reasons = [e.what for e in entries]
    assert "Referral sent to MAST" in reasons
    assert "Outcome recorded: Strategy discussion (s47)" in reasons
    assert not any(reason.startswith("Draft") for reason in reasons)
    assert "mast screening" in {e.record.lower() for e in entries}


def test_the_referrer_is_involved_and_an_open_referral_is_open_work(setup):
    child = health_child(setup)
    referral = sent(setup, child=child)
    involved = picture.child_involvement(user=setup.north.screener, child=child)
    assert any(i.role.startswith(f"Referred the child to MAST ({referral.reference})") for i in involved)
    assert any(i.team == "MAST" and "Referral" in i.role for i in involved)
    work = extensions.open_work(user=setup.north.screener, children=[child])[child.pk]
    assert [w.label for w in work if "MAST referral" in w.label] == [
        f"MAST referral {referral.reference} to North Council"
    ]
    factories.screened(setup, referral)
    assert referral_picture.open_work(user=setup.north.screener, children=[child]) == {}
