from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import selectors, services, sweeps
from portal.models import AccessEvent, Escalation
from tests.factories import UserFactory, make_child
from tests.helpers import client_for, queries_to_get
from tests.sharing.factories import shared_details


@pytest.fixture
def child(setup):
    return make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ada", last_name="North")


REASON = "Police found the child alone at night; need the carer's details."


def search_by_nhs(child, reason: str = REASON) -> dict:
    return {"nhs_number": child.nhs_number, "reason": reason}


def test_emergency_access_role_matrix(setup):
    url = reverse("portal:emergency_access")
    assert client_for(setup.south.screener).get(url).status_code == 200
    assert client_for(UserFactory(roles=[])).get(url).status_code == 403


def test_break_glass_grants_time_limited_access_logged_and_escalated(setup, child, time_machine):
    screener = setup.south.screener
    client = client_for(screener)
    detail = reverse("portal:child_detail", args=[child.pk])
    assert client.get(detail).status_code == 404

    short = client.post(reverse("portal:emergency_access"), {"action": "search", **search_by_nhs(child, "urgent")})
    assert b"at least 20 characters" in short.content
    found = client.post(reverse("portal:emergency_access"), {"action": "search", **search_by_nhs(child)})
    assert b"One record matches these details" in found.content
    response = client.post(
        reverse("portal:emergency_access"), {"action": "grant", "child": child.pk, **search_by_nhs(child)}
    )
    assert response.status_code == 302 and response.url == detail
    assert client.get(detail).status_code == 200

    event = AccessEvent.objects.get(kind="emergency")
    assert event.user == screener and "alone at night" in event.reason
    escalation = Escalation.objects.get(kind=Escalation.Kind.EMERGENCY_ACCESS)
    assert escalation.level == 2
    assert escalation.organisation == setup.north.org  # the organisation that holds the record
    assert set(escalation.assignees.all()) == {setup.north.caldicott, setup.north.info_lead}

    time_machine.move_to(event.expires_at - timedelta(minutes=1))
    assert client.get(detail).status_code == 200
    # Expired means closed when read, with no sweep run: the query looks at the expiry.
    time_machine.move_to(event.expires_at + timedelta(seconds=30))
    assert client.get(detail).status_code == 404
    assert client.get(reverse("portal:child_timeline", args=[child.pk])).status_code == 404
    assert not selectors.child_list_for_user(user=screener).exists()
    assert str(screener) not in [entry.name for entry in selectors.child_access_list(child=child)]
    sweeps.run("expire_child_access")  # the sweep only tidies up the guardian row
    assert client.get(detail).status_code == 404


def test_emergency_search_shows_only_enough_to_pick_the_child_and_is_logged(setup, child):
    child.postcode = "NS1 4AB"
    child.save()
    twin = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ada", last_name="North")
    twin.date_of_birth, twin.postcode = child.date_of_birth, "NS9 2CD"
    twin.save()
    police = setup.health_visitor
    client = client_for(police)
    by_nhs = client.post(reverse("portal:emergency_access"), {"action": "search", **search_by_nhs(child)})
    assert b"Ada" not in by_nhs.content and b"North" not in by_nhs.content
    assert child.local_authority.name.encode() not in by_nhs.content
    assert child.date_of_birth.strftime("%-d %B %Y").encode() not in by_nhs.content
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EMERGENCY_SEARCH)
    assert event.user == police and event.child == child and "alone at night" in event.reason

    by_name = client.post(
        reverse("portal:emergency_access"),
        {
            "action": "search",
            "reason": REASON,
            "first_name": "Ada",
            "last_name": "North",
            "date_of_birth_0": child.date_of_birth.day,
            "date_of_birth_1": child.date_of_birth.month,
            "date_of_birth_2": child.date_of_birth.year,
        },
    )
    assert b"postcode area NS1" in by_name.content and b"postcode area NS9" in by_name.content
    assert b"4AB" not in by_name.content
    # One search that matched two children: an event on each child's log.
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.EMERGENCY_SEARCH, child=twin).count() == 1

    nothing = client.post(
        reverse("portal:emergency_access"), {"action": "search", "nhs_number": "9434765919", "reason": REASON}
    )
    assert b"No record matches exactly" in nothing.content
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.EMERGENCY_SEARCH, child=None).count() == 1


def test_emergency_searches_are_throttled_per_user(setup, child, settings):
    settings.EMERGENCY_SEARCHES_PER_HOUR = 2
    client = client_for(setup.south.screener)
    url = reverse("portal:emergency_access")
    for _ in range(2):
        assert b"One record matches" in client.post(url, {"action": "search", **search_by_nhs(child)}).content
    refused = client.post(url, {"action": "search", **search_by_nhs(child)})
    assert b"2 emergency searches in the last hour" in refused.content
    assert b"One record matches" not in refused.content
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.EMERGENCY_SEARCH).count() == 2
    # Another user has their own allowance.
    other = client_for(setup.north.screener).post(url, {"action": "search", **search_by_nhs(child)})
    assert b"One record matches" in other.content or b"You already have access" in other.content


def test_break_glass_needs_the_exact_details_it_was_searched_with(setup, child):
    other = make_child(worker=setup.north.social_worker, team=setup.north.cin, first_name="Ben", last_name="Other")
    client = client_for(setup.south.screener)
    # Searching for one child and asking for another's record by its number does not work.
    response = client.post(
        reverse("portal:emergency_access"), {"action": "grant", "child": other.pk, **search_by_nhs(child)}
    )
    assert response.status_code == 404
    partial = client.post(
        reverse("portal:emergency_access"), {"action": "search", "first_name": "Ada", "reason": REASON}
    )
    assert b"Enter the NHS number, or the full name and date of birth" in partial.content
    assert not AccessEvent.objects.exists()


def test_a_user_who_can_already_see_the_child_is_sent_to_the_record(setup, child):
    content = (
        client_for(setup.north.social_worker)
        .post(reverse("portal:emergency_access"), {"action": "search", **search_by_nhs(child)})
        .content
    )
    assert b"You already have access" in content


def test_access_log_role_matrix_and_contents(setup, child):
    client_for(setup.north.cin_manager).get(reverse("portal:child_detail", args=[child.pk]))
    url = reverse("portal:child_access_log", args=[child.pk])
    response = client_for(setup.north.social_worker).get(url)
    assert response.status_code == 200
    assert str(setup.north.cin_manager).encode() in response.content
    assert b"Allocated team" in response.content
    assert client_for(setup.north.caldicott).get(url).status_code == 200  # oversees the holder's records
    assert client_for(setup.south.caldicott).get(url).status_code == 404
    assert client_for(setup.south.social_worker).get(url).status_code == 404
    services.child_access_grant(child=child, basis="consent", level="view", user=setup.health_visitor)
    assert client_for(setup.health_visitor).get(url).status_code == 403


def raise_escalation(setup, child, kind, level, days_ago=0, time_machine=None):
    escalation, _ = services.escalation_raise(
        subject=make_child(worker=setup.north.social_worker, team=setup.north.cin),
        kind=kind,
        level=level,
        organisation=setup.north.org,
        summary=f"{kind} {level}",
        assignees=[setup.north.cin_manager],
        child=child,
    )
    Escalation.objects.filter(pk=escalation.pk).update(raised_at=timezone.now() - timedelta(days=days_ago))
    return escalation


def test_review_queue_is_most_serious_then_oldest_first(setup, child):
    newer_l1 = raise_escalation(setup, child, Escalation.Kind.SCREENING_OVERDUE, 1, days_ago=1)
    older_l1 = raise_escalation(setup, child, Escalation.Kind.PRIVACY_NOTICE_OVERDUE, 1, days_ago=5)
    l2 = raise_escalation(setup, child, Escalation.Kind.CONSENT_OVERRIDDEN, 2, days_ago=0)
    response = client_for(setup.north.caldicott).get(reverse("portal:review_queue"))
    assert response.status_code == 200
    order = [e.pk for e in response.context["page"].object_list]
    assert order == [l2.pk, older_l1.pk, newer_l1.pk]
    filtered = client_for(setup.north.caldicott).get(reverse("portal:review_queue"), {"kind": "screening_overdue"})
    assert [e.pk for e in filtered.context["page"].object_list] == [newer_l1.pk]
    assert client_for(setup.north.social_worker).get(reverse("portal:review_queue")).status_code == 403
    assert not client_for(setup.south.caldicott).get(reverse("portal:review_queue")).context["page"].object_list


def test_review_queue_query_count_is_flat(setup, child):
    client = client_for(setup.north.caldicott)

    def count() -> int:
        return queries_to_get(client, reverse("portal:review_queue"))

    raise_escalation(setup, child, Escalation.Kind.SCREENING_OVERDUE, 1)
    few = count()
    for _ in range(15):
        raise_escalation(setup, child, Escalation.Kind.SCREENING_OVERDUE, 1)
    assert count() == few


def test_a_guardian_reviews_an_emergency_access_and_closes_it(setup, child):
    event = services.emergency_access_grant(
        actor=setup.south.screener, child=child, reason="Found the child alone; need the carer's details now."
    )
    escalation = Escalation.objects.get(kind=Escalation.Kind.EMERGENCY_ACCESS)
    client = client_for(setup.north.caldicott)
    page = client.get(reverse("portal:escalation_detail", args=[escalation.pk]))
    assert b"alone; need the carer" in page.content  # the reason, without opening the record
    assert str(event.user).encode() in page.content
    response = client.post(
        reverse("portal:escalation_detail", args=[escalation.pk]),
        {"action": "review", "finding": "justified", "notes": "Child at risk overnight"},
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == "resolved" and escalation.resolution == "Emergency access justified"
    assert escalation.rationale == "Child at risk overnight"


def test_register_of_sharing_without_consent(setup, child):
    from sharing import services as sharing

    request = sharing.SharingRequest(
        requested_by="x",
        purpose="safeguarding",
        purpose_detail="x",
        recipient_organisation=setup.health,
        recipient_name="Hana",
    )
    sharing.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=request,
        answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
        reasons="Risk of harm",
        shared=shared_details(),
    )
    sharing.sharing_decision_record(
        actor=setup.north.social_worker,
        child=child,
        request=request,
        answers={"purpose": "no", "consent": "no"},
        reasons="No purpose",
    )
    url = reverse("sharing:without_consent")
    response = client_for(setup.north.caldicott).get(url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1
    assert client_for(setup.north.social_worker).get(url).status_code == 403
    csv = client_for(setup.north.caldicott).get(url, {"format": "csv"}).getvalue().decode().splitlines()
    assert len(csv) == 2
