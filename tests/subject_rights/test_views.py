"""The subject access pages: who may use them, the request opened and reviewed through the pages,
and query counts that stay flat as the records about one person grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import AccessEvent
from sharing.models import ConsentRecord
from subject_rights.models import Exemption, SubjectAccessRequest, ThirdPartyDecision
from tests.helpers import client_for
from tests.subject_rights.factories import family, open_request, pdf_text

LISTS = ["subject_rights:list", "subject_rights:reports", "subject_rights:start"]
OTHERS = ["social_worker", "early_help_worker", "screener", "mast_manager", "cin_manager", "caldicott"]


@pytest.mark.parametrize("name", LISTS)
def test_only_a_lead_information_officer_opens_the_subject_access_pages(setup, name):
    assert client_for(setup.north.info_lead).get(reverse(name)).status_code == 200
    for role in OTHERS:
        assert client_for(getattr(setup.north, role)).get(reverse(name)).status_code == 403, role
    assert client_for(setup.health_visitor).get(reverse(name)).status_code == 403


def test_the_search_matches_the_golden_record_held_by_the_officers_organisation(setup):
    fam = family(setup)
    page = client_for(setup.north.info_lead).post(reverse("subject_rights:start"), {"q": "paula parent"})
    assert reverse("subject_rights:open_for_person", args=[fam.parent.pk]) in page.content.decode()
    elsewhere = client_for(setup.south.info_lead).post(reverse("subject_rights:start"), {"q": "paula parent"})
    assert reverse("subject_rights:open_for_person", args=[fam.parent.pk]) not in elsewhere.content.decode()
    child_search = client_for(setup.north.info_lead).post(reverse("subject_rights:start"), {"q": "Ava"})
    assert reverse("subject_rights:child_rights", args=[fam.child.pk]) in child_search.content.decode()
    assert AccessEvent.objects.filter(
        user=setup.north.info_lead, child=fam.child, what="Subject access search"
    ).exists()


def test_a_request_is_opened_through_the_form_and_bad_input_is_a_govuk_error(setup):
    fam = family(setup)
    client = client_for(setup.north.info_lead)
    url = reverse("subject_rights:open_for_person", args=[fam.parent.pk])
    empty = client.post(url, {})
    assert empty.status_code == 200 and b"govuk-error-summary" in empty.content
    assert b"Enter who made the request" in empty.content
    received = timezone.localdate() - timedelta(days=2)
    response = client.post(
        url,
        {
            "requester": "Paula Parent",
            "received_on_0": received.day,
            "received_on_1": received.month,
            "received_on_2": received.year,
            "identity_evidence": "photo_id",
            "identity_checked_on_0": received.day,
            "identity_checked_on_1": received.month,
            "identity_checked_on_2": received.year,
        },
    )
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302 and response.url == sar.get_absolute_url()
    assert sar.person == fam.parent and sar.officer == setup.north.info_lead


def test_the_officer_redacts_through_the_bundle_page_and_releases(setup):
    fam = family(setup)
    sar = open_request(setup, fam.parent)
    client = client_for(setup.north.info_lead)
    bundle = client.get(reverse("subject_rights:bundle", args=[sar.pk]))
    assert "Sam Secret (significant other)" in bundle.content.decode()  # marked as a third party
    exemption = Exemption.objects.get(code="social-work-serious-harm")
    url = reverse("subject_rights:bundle", args=[sar.pk])
    missing = client.post(url, {"action": "party", "party_key": f"person:{fam.other.pk}", "exemption": exemption.pk})
    assert missing.status_code == 200 and b"Choose whether to redact or release" in missing.content
    assert not ThirdPartyDecision.objects.exists()
    done = client.post(
        url,
        {"action": "party", "party_key": f"person:{fam.other.pk}", "decision": "redact", "exemption": exemption.pk},
    )
    assert done.status_code == 302
    assert ThirdPartyDecision.objects.get().exemption == exemption
    assert client.post(reverse("subject_rights:release", args=[sar.pk])).status_code == 302
    pdf = client.get(reverse("subject_rights:download", args=[sar.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Paula Parent" in text and "Sam Secret" not in text


def test_another_organisations_officer_cannot_see_a_request(setup):
    fam = family(setup)
    sar = open_request(setup, fam.parent)
    for name in ("subject_rights:detail", "subject_rights:bundle", "subject_rights:release"):
        assert client_for(setup.south.info_lead).get(reverse(name, args=[sar.pk])).status_code == 404


def _records_about(child, officer, n: int) -> None:
    today = timezone.localdate()
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            child=child,
            purpose="safeguarding",
            status="given",
            given_by="child",
            method="in_writing",
            decided_on=today,
            recorded_by=officer,
            categories=["identity"],
        )
        for _ in range(n)
    )
    AccessEvent.objects.bulk_create(AccessEvent(user=officer, child=child, what="Child's record") for _ in range(n))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["subject_rights:bundle", "subject_rights:detail"])
def test_the_bundle_costs_the_same_queries_for_10_or_500_records_about_one_person(setup, name):
    small, large = family(setup, child_name="Small"), family(setup, child_name="Large")
    officer = setup.north.caldicott
    _records_about(small.child, officer, 10)
    _records_about(large.child, officer, 500)
    few, many = open_request(setup, small.child), open_request(setup, large.child)
    client = client_for(setup.north.info_lead)
    _count(client, reverse(name, args=[few.pk]))  # warm caches (content types, sessions)
    assert _count(client, reverse(name, args=[few.pk])) == _count(client, reverse(name, args=[many.pk]))
    page = client.get(reverse("subject_rights:bundle", args=[many.pk]), {"page": 2})
    assert page.content.decode().count('data-testid="bundle-item"') == 25


def test_the_request_list_costs_the_same_queries_for_10_or_500_requests(setup):
    fam = family(setup)
    client = client_for(setup.north.info_lead)
    for _ in range(10):
        open_request(setup, fam.parent)
    _count(client, reverse("subject_rights:list"))
    few = _count(client, reverse("subject_rights:list"))
    first = SubjectAccessRequest.objects.first()
    SubjectAccessRequest.objects.bulk_create(
        SubjectAccessRequest(
            organisation=first.organisation,
            person=fam.parent,
            requester="x",
            received_on=first.received_on,
            identity_evidence="known",
            identity_checked_on=first.received_on,
            due_on=first.due_on,
            officer=first.officer,
        )
        for _ in range(490)
    )
    assert _count(client, reverse("subject_rights:list")) == few
    assert _count(client, reverse("subject_rights:reports")) == _count(client, reverse("subject_rights:reports"))


def test_a_caldicott_guardian_reads_the_request_its_escalation_is_about_but_does_not_answer_it(setup):
    """An overdue request escalates to the organisation's Caldicott Guardians: they open the request
    from the escalation (its clock, extension and history), and the read is logged; answering it
    (the bundle, release, the released PDF, the extension) stays with the lead information officer."""
    fam = family(setup)
    sar = open_request(setup, fam.child)
    guardian = client_for(setup.north.caldicott)
    page = guardian.get(reverse("subject_rights:detail", args=[sar.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert reverse("subject_rights:bundle", args=[sar.pk]) not in text
    assert "Extend the deadline" not in text
    assert AccessEvent.objects.filter(user=setup.north.caldicott, child=fam.child).exists()
    extend = guardian.post(reverse("subject_rights:detail", args=[sar.pk]), {"months": 2, "reason": "complex"})
    assert extend.status_code == 403
    for name in ("subject_rights:bundle", "subject_rights:release", "subject_rights:download"):
        assert guardian.get(reverse(name, args=[sar.pk])).status_code == 403, name
    for elsewhere in (setup.south.caldicott, setup.north.social_worker, setup.north.cin_manager):
        assert client_for(elsewhere).get(reverse("subject_rights:detail", args=[sar.pk])).status_code == 404
