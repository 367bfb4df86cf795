"""Early Intervention moves in the whole picture: the lead professional's team manager's dashboard
(each number links to exactly the moves it counts), who is involved, open work, the timeline and
the practitioner's home page."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from early_intervention import services
from early_intervention.models import EarlyInterventionMove
from tests.early_intervention.factories import add_item, eh_manager, hold_meeting, record
from tests.helpers import client_for, queries_to_get

Move = EarlyInterventionMove


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def ei_counts(response) -> dict:
    widget = next(w for w in response.context["widgets"] if w.title == "Early Intervention moves")
    return {count.label: count for count in widget.counts}


def make_moves(setup):
    """Two awaiting a meeting, one with an overdue plan item (and one not overdue), one referral not
    sent in time and one sent in time (still due), one closed."""
    today = timezone.localdate()
    record(setup)
    record(setup)
    overdue = record(setup, planned=True)
    add_item(overdue, due_on=today - timedelta(days=1))
    add_item(overdue, due_on=today + timedelta(days=5))
    on_time = record(setup, planned=True)
    add_item(on_time, due_on=today + timedelta(days=2))
    late = record(setup)
    hold_meeting(setup, late, increased=True, harm=True, recorded_on=today - timedelta(days=7))
    due = record(setup)
    hold_meeting(setup, due, increased=True, harm=True, recorded_on=today)
    closed = record(setup)
    services.move_withdraw(actor=closed.lead_professional, move=closed, reason="Stayed")
    # Another authority's moves are not counted on north's dashboard.
    record(setup, authority="south", destination="north")
    return overdue, late


def test_the_lead_professionals_manager_sees_the_numbers_and_each_links_to_exactly_those(setup):
    overdue, late = make_moves(setup)
    manager = eh_manager(setup)
    client = client_for(manager)
    response = client.get(reverse("portal:dashboard"))
    counts = ei_counts(response)
    assert counts["EI moves awaiting a meeting"].number == 2
    assert counts["EI moves with overdue plan items"].number == 1
    assert counts["Referrals not sent within one working day"].number == 1
    assert counts["EI moves with overdue plan items"].colour == "red"
    for count in counts.values():
        listing = client.get(count.url)
        assert listing.status_code == 200, count.url
        assert listing.context["page"].paginator.count == count.number, count.label
        assert count.label.lower() in text(listing).lower()
    overdue_list = client.get(counts["EI moves with overdue plan items"].url)
    assert [m.pk for m in overdue_list.context["page"].object_list] == [overdue.pk]
    late_list = client.get(counts["Referrals not sent within one working day"].url)
    assert [m.pk for m in late_list.context["page"].object_list] == [late.pk]
    # The table below names the moves that need attention.
    content = text(response)
    assert "Hold and record the multi-agency meeting" in content and "Send the referral" in content


def test_a_manager_of_another_team_sees_none_of_these(setup):
    make_moves(setup)
    response = client_for(setup.north.cin_manager).get(reverse("portal:dashboard"))
    assert all(count.number == 0 for count in ei_counts(response).values())
    south = eh_manager(setup, "south")
    counts = ei_counts(client_for(south).get(reverse("portal:dashboard")))
    assert counts["EI moves awaiting a meeting"].number == 1


def test_dashboard_query_count_stays_flat_with_moves(setup):
    client = client_for(eh_manager(setup))

    def count() -> int:
        return queries_to_get(client, reverse("portal:dashboard"))

    record(setup)
    few = count()
    make_moves(setup)
    make_moves(setup)
    assert count() == few


def test_the_agencies_on_the_plan_are_in_who_is_involved_with_contacts_and_since_when(setup):
    move = record(setup)
    services.agency_contact_update(
        actor=setup.health_visitor,
        move=move,
        agency=move.agencies.get(team=setup.health_team),
        name="Hana Visitor",
        email="hana@health.test",
    )
    involved = text(client_for(setup.health_visitor).get(reverse("portal:child_involved", args=[move.child.pk])))
    assert "On the Early Intervention plan EIP-2026-0042" in involved
    assert "Hana Visitor" in involved and "hana@health.test" in involved
    assert "Lead professional&#x27;s agency" in involved
    assert timezone.localdate().strftime("%-d %B %Y") in involved


def test_the_move_is_open_work_and_in_the_timeline(setup):
    move = hold_meeting(setup, record(setup), increased=True, harm=True)
    client = client_for(setup.north.early_help_worker)
    family = text(client.get(reverse("portal:child_family", args=[move.child.pk])))
    assert "Early Intervention move to South Council" in family
    timeline = text(client.get(reverse("portal:child_timeline", args=[move.child.pk])))
    for entry in [
        "Early Intervention move recorded",
        "Multi-agency meeting recorded",
        "Outcome: Referral to children&#x27;s social care in the receiving authority",
        "Agency on the plan",
    ]:
        assert entry in timeline, entry


def test_moves_needing_action_are_on_the_lead_professionals_home_page(setup):
    waiting = record(setup)
    planned = record(setup, planned=True)
    add_item(planned, due_on=timezone.localdate() + timedelta(days=3))
    done = record(setup)
    services.move_withdraw(actor=done.lead_professional, move=done, reason="Stayed")
    home = text(client_for(setup.north.early_help_worker).get(reverse("portal:home")))
    assert "Your Early Intervention moves needing action" in home
    assert waiting.get_absolute_url() in home and "Hold and record the multi-agency meeting" in home
    assert planned.get_absolute_url() in home and "Tick off every item of the agreed transfer plan" in home
    assert done.get_absolute_url() not in home
    other = text(client_for(setup.health_visitor).get(reverse("portal:home")))
    assert "None of your Early Intervention moves needs action." in other
