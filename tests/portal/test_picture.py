"""The whole picture: timeline, who is involved, the family, the dashboard and the home page."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import services
from portal.models import Escalation, Relationship
from sharing import services as sharing
from tests.factories import PersonFactory, make_child, relate
from tests.helpers import client_for, queries_to_get
from tests.sharing.factories import shared_details


@pytest.fixture
def child(setup):
    return make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ada", last_name="North")


def share_with_health_visitor(setup, child):
    return sharing.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=sharing.SharingRequest(
            requested_by="HV",
            purpose="safeguarding",
            purpose_detail="Visits",
            recipient_organisation=setup.health,
            recipient_name="Hana",
            recipient_user=setup.health_visitor,
        ),
        answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
        reasons="Risk",
        shared=shared_details(),
    )


def test_pages_role_matrix(setup, child):
    for name in ["portal:child_timeline", "portal:child_involved", "portal:child_family"]:
        url = reverse(name, args=[child.pk])
        assert client_for(setup.north.social_worker).get(url).status_code == 200, name
        assert client_for(setup.north.cin_manager).get(url).status_code == 200, name
        assert client_for(setup.south.social_worker).get(url).status_code == 404, name
        assert client_for(setup.north.caldicott).get(url).status_code == 404, name


def test_the_timeline_merges_every_record_with_field_changes_and_who(setup, child):
    details = services.ChildDetails(
        first_name="Ada",
        last_name="Renamed",
        local_authority=setup.north.org,
        date_of_birth=child.date_of_birth,
        nhs_number=child.nhs_number,
    )
    services.child_update(actor=setup.north.social_worker, child=child, details=details)
    services.person_add_to_child(
        actor=setup.north.social_worker,
        child=child,
        person=services.PersonDetails(first_name="Alex", last_name="Visitor"),
        relationship=services.RelationshipDetails(kind="significant_other", source="third_party"),
    )
    share_with_health_visitor(setup, child)
    response = client_for(setup.north.cin_manager).get(reverse("portal:child_timeline", args=[child.pk]))
    content = re.sub(r"\s+", " ", response.content.decode())
    assert "Child: Child&#x27;s details updated" in content
    assert "<del>North</del> → Renamed" in content
    assert "Relationship: Relationship recorded" in content
    assert "Privacy notice: Privacy information owed" in content
    assert "Sharing decision: Decision recorded: share" in content
    assert str(setup.north.social_worker) in content
    entries = response.context["entries"]
    assert entries == sorted(entries, key=lambda e: e.when, reverse=True)


def test_the_timeline_costs_the_same_however_long_the_history(setup, child):
    client = client_for(setup.north.social_worker)

    def count() -> int:
        return queries_to_get(client, reverse("portal:child_timeline", args=[child.pk]))

    few = count()
    for i in range(15):
        services.child_update(
            actor=setup.north.social_worker,
            child=child,
            details=services.ChildDetails(
                first_name="Ada", last_name=f"North{i}", local_authority=setup.north.org, nhs_number=child.nhs_number
            ),
        )
    assert count() == few


def test_who_is_involved_lists_the_allocation_and_those_information_went_to(setup, child):
    share_with_health_visitor(setup, child)
    response = client_for(setup.north.social_worker).get(reverse("portal:child_involved", args=[child.pk]))
    content = re.sub(r"\s+", " ", response.content.decode())
    assert "Allocated team and worker (case responsibility)" in content
    assert str(setup.north.social_worker) in content
    assert "Health Trust" in content and str(setup.health_visitor) in content
    assert "Information shared with them: safeguarding and protecting the child" in content
    # One row per person, with every role they have.
    assert content.count(str(setup.health_visitor)) == 1


def test_the_family_shows_siblings_with_their_open_work_only_if_the_viewer_may_see_them(setup, child):
    sibling = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ben", last_name="North")
    hidden = make_child(worker=setup.south.social_worker, team=setup.south.cin, first_name="Cal", last_name="North")
    mother = PersonFactory(first_name="Jo", last_name="North")
    for c in (child, sibling, hidden):
        relate(c, mother, Relationship.Kind.MOTHER, lives_with_child=True, has_parental_responsibility=True)
    sharing.sharing_decision_start(
        actor=setup.north.social_worker,
        child=sibling,
        request=sharing.SharingRequest(requested_by="School", purpose="education", purpose_detail="x"),
    )
    response = client_for(setup.north.social_worker).get(reverse("portal:child_family", args=[child.pk]))
    content = re.sub(r"\s+", " ", response.content.decode())
    assert "Jo North — Mother, lives with Ada" in content
    assert "Ben North" in content
    assert "Decision on sharing information</a> — Draft" in content
    assert "Cal North" not in content  # another authority's child the viewer cannot see
    assert len(response.context["family"].children) == 2


def test_dashboard_role_matrix(setup):
    assert client_for(setup.north.cin_manager).get(reverse("portal:dashboard")).status_code == 200
    assert client_for(setup.north.social_worker).get(reverse("portal:dashboard")).status_code == 403
    assert client_for(setup.north.caldicott).get(reverse("portal:dashboard")).status_code == 403


def counts_on(response) -> list[tuple[str, int, str]]:
    return [(c.label, c.number, c.url) for w in response.context["widgets"] for c in w.counts]


def test_every_dashboard_number_links_to_a_list_of_exactly_those_items(setup, child, time_machine):
    time_machine.move_to(datetime(2026, 6, 10, 12, tzinfo=ZoneInfo("Europe/London")))
    obtained = [
        date(2026, 4, 20),  # due 20 May: overdue
        date(2026, 5, 1),  # due 1 June: overdue
        date(2026, 5, 12),  # due Friday 12 June: due this week
        date(2026, 5, 15),  # due Monday 15 June: due within 7 days
        date(2026, 6, 8),  # due 8 July: later
    ]
    for i, day in enumerate(obtained):
        services.person_add_to_child(
            actor=setup.north.social_worker,
            child=child,
            person=services.PersonDetails(first_name=f"P{i}", last_name="Visitor"),
            relationship=services.RelationshipDetails(kind="significant_other", source="third_party", obtained_on=day),
        )
    services.escalation_raise(
        subject=child,
        kind=Escalation.Kind.CONSENT_OVERRIDDEN,
        level=1,
        organisation=setup.north.org,
        summary="s",
        assignees=[setup.north.cin_manager],
        child=child,
    )
    manager = client_for(setup.north.cin_manager)
    response = manager.get(reverse("portal:dashboard"))
    counts = counts_on(response)
    numbers = {label: number for label, number, _ in counts}
    assert numbers["Children in Need: privacy information overdue"] == 2
    assert numbers["Children in Need: due in the next 7 days"] == 2
    assert numbers["Open escalations"] == 1
    for label, number, url in counts:
        listing = manager.get(url)
        assert listing.status_code == 200, url
        assert listing.context["page"].paginator.count == number, (label, url)
    # Workload: the number links to that worker's children.
    workload = next(w for w in response.context["widgets"] if w.title == "Workload by worker")
    row = next(r for r in workload.rows if r[0] == str(setup.north.social_worker))
    assert row[1]["text"] == "1"
    assert len(manager.get(row[1]["url"]).context["page"].object_list) == 1


def test_dashboard_query_count_does_not_grow(setup, child):
    manager = client_for(setup.north.cin_manager)

    def count() -> int:
        return queries_to_get(manager, reverse("portal:dashboard"))

    def add(i):
        c = make_child(worker=setup.north.social_worker, team=setup.north.cin)
        services.person_add_to_child(
            actor=setup.north.social_worker,
            child=c,
            person=services.PersonDetails(first_name=f"P{i}", last_name="Visitor"),
            relationship=services.RelationshipDetails(
                kind="significant_other", source="third_party", obtained_on=date(2026, 1, 1)
            ),
        )
        services.escalation_raise(
            subject=c,
            kind=Escalation.Kind.CONSENT_OVERRIDDEN,
            level=1,
            organisation=setup.north.org,
            summary="s",
            assignees=[setup.north.cin_manager],
            child=c,
        )

    add(0)
    few = count()
    for i in range(1, 12):
        add(i)
    assert count() == few


def test_the_practitioner_home_shows_drafts_and_what_is_due_this_week(setup, child):
    sharing.sharing_decision_start(
        actor=setup.north.social_worker,
        child=child,
        request=sharing.SharingRequest(requested_by="School", purpose="education", purpose_detail="x"),
    )
    services.person_add_to_child(
        actor=setup.north.social_worker,
        child=child,
        person=services.PersonDetails(first_name="Alex", last_name="Visitor"),
        relationship=services.RelationshipDetails(
            kind="significant_other", source="third_party", obtained_on=timezone.localdate() - timedelta(days=27)
        ),
    )
    content = re.sub(r"\s+", " ", client_for(setup.north.social_worker).get(reverse("portal:home")).content.decode())
    assert "Your unfinished sharing decisions" in content and "About Ada North" in content
    assert "Privacy information due from you this week" in content and "Alex Visitor" in content
