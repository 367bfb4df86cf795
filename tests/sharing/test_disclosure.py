"""Proportionate sharing (issue 13): the named recipient of a decision to share sees a disclosure —
what was shared with them, when, by whom and why, and enough to match the child — not the child's
record; their access rests on the decision and ends with it (consent withdrawn, decision amended)."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from portal.models import AccessEvent, Child, ChildAccessGrant, Notification
from sharing import services
from sharing.models import SharingDecision
from tests.factories import next_nhs_number
from tests.helpers import client_for, queries_to_get
from tests.sharing.factories import (
    can_see,
    give_consent,
    record_decision,
    sees_shared,
    share_with_consent,
    shared_details,
)


@pytest.fixture
def shared(setup, child):
    """The north social worker shares with the health visitor, with the mother's consent."""
    child.address = "1 Hidden Lane, Northtown"
    child.save()
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    return consent, share_with_consent(setup, child, consent)


def _disclosure(decision) -> str:
    return reverse("sharing:disclosure_detail", args=[decision.pk])


def test_the_recipient_reads_what_was_shared_and_not_the_childs_record(setup, child, shared):
    _, decision = shared
    visitor = client_for(setup.health_visitor)

    assert visitor.get(reverse("portal:child_detail", args=[child.pk])).status_code == 404
    assert not can_see(setup.health_visitor, child)
    page = visitor.get(_disclosure(decision))

    assert page.status_code == 200
    text = page.content.decode()
    # What, when, by whom and why.
    assert "Identity and contact details" in text and "Attendance has fallen to 60% this term." in text
    assert timezone.localdate().strftime("%-d %B %Y") in text
    assert str(setup.north.social_worker) in text and setup.north.org.name in text
    assert decision.purpose_detail in text and decision.reasons in text
    # Enough to match the child: name, date of birth, NHS number.
    assert child.full_name in text and "4 May 2018" in text
    assert f"{child.nhs_number[:3]} {child.nhs_number[3:6]} {child.nhs_number[6:]}" in text
    # Nothing more of the record: not the address, not a link to the record.
    assert "Hidden Lane" not in text
    assert reverse("portal:child_detail", args=[child.pk]) not in text


def test_reading_the_disclosure_is_an_access_event_on_the_decision_it_rests_on(setup, child, shared):
    _, decision = shared
    client_for(setup.health_visitor).get(_disclosure(decision))

    event = AccessEvent.objects.get(user=setup.health_visitor, child=child)
    assert event.what == "What was shared with them (disclosure)"
    assert event.access_basis == "Consent to share"


def test_nobody_else_reads_the_disclosure(setup, child, shared):
    _, decision = shared
    for user in (setup.south.social_worker, setup.north.screener):
        assert client_for(user).get(_disclosure(decision)).status_code == 404


def test_a_decision_to_share_with_someone_else_opens_nothing_to_the_recipient_of_another(setup, child):
    decision = record_decision(setup, child)  # to the health organisation, no portal user named
    assert client_for(setup.health_visitor).get(_disclosure(decision)).status_code == 404


def test_the_recipient_is_told_with_a_link_to_the_disclosure_and_finds_it_from_home(setup, child, shared):
    _, decision = shared
    told = Notification.objects.get(recipient=setup.health_visitor, event_key__endswith=":shared")
    assert told.link == _disclosure(decision)

    visitor = client_for(setup.health_visitor)
    home = visitor.get(reverse("portal:home")).content.decode()
    assert "Information shared with you" in home and _disclosure(decision) in home
    assert reverse("portal:child_detail", args=[child.pk]) not in home
    listed = visitor.get(reverse("sharing:disclosure_list")).content.decode()
    assert _disclosure(decision) in listed and child.full_name in listed


def test_who_can_see_this_lists_the_recipient_as_seeing_what_was_shared(setup, child, shared):
    page = client_for(setup.north.social_worker).get(reverse("portal:child_access", args=[child.pk]))
    text = page.content.decode()
    assert str(setup.health_visitor) in text and "What was shared with them" in text


def test_consent_withdrawn_ends_the_recipients_access_to_the_disclosure(setup, child, shared):
    consent, decision = shared
    assert sees_shared(setup.health_visitor, child)

    services.consent_withdraw(actor=setup.north.social_worker, consent=consent, method="verbal_phone", note="")

    assert client_for(setup.health_visitor).get(_disclosure(decision)).status_code == 404
    assert not sees_shared(setup.health_visitor, child)


def _complete_amendment(setup, decision, *, share: bool) -> SharingDecision:
    worker = setup.north.social_worker
    amendment = services.sharing_decision_amend(actor=worker, original=decision, reason="The summary was wrong")
    if share:
        answers = [("purpose", "yes"), ("consent", "no"), ("identifiable", "no")]
    else:
        answers = [("purpose", "no"), ("consent", "no")]
    for question, answer in answers:
        amendment = services.sharing_decision_answer(actor=worker, decision=amendment, question=question, answer=answer)
    return services.sharing_decision_complete(
        actor=worker,
        decision=amendment,
        reasons="Corrected: only what the visits need.",
        shared=shared_details(summary_facts="The family has moved.") if share else None,
    )


def test_an_amendment_not_to_share_ends_the_recipients_access_and_tells_them(setup, child, shared):
    _, decision = shared

    _complete_amendment(setup, decision, share=False)

    assert client_for(setup.health_visitor).get(_disclosure(decision)).status_code == 404
    assert not sees_shared(setup.health_visitor, child)
    told = Notification.objects.get(recipient=setup.health_visitor, event_key__contains=":amended:")
    assert "no longer have access" in told.body


def test_an_amendment_that_shares_again_replaces_the_disclosure(setup, child, shared):
    _, decision = shared

    amendment = _complete_amendment(setup, decision, share=True)

    visitor = client_for(setup.health_visitor)
    assert visitor.get(_disclosure(decision)).status_code == 404
    page = visitor.get(_disclosure(amendment))
    assert page.status_code == 200 and "The family has moved." in page.content.decode()
    told = Notification.objects.get(recipient=setup.health_visitor, event_key__contains=":amended:")
    assert told.link == _disclosure(amendment)


def _bulk_disclosures(setup, count: int, start: int) -> None:
    north = setup.north
    children = Child.objects.bulk_create(
        [
            Child(
                first_name=f"Shared{start + i}",
                last_name="Bulk",
                date_of_birth=date(2018, 1, 1),
                nhs_number=next_nhs_number(),
                local_authority=north.org,
            )
            for i in range(count)
        ]
    )
    now = timezone.now()
    decisions = SharingDecision.objects.bulk_create(
        [
            SharingDecision(
                child=c,
                made_by=north.social_worker,
                organisation=north.org,
                requested_by="Health visitor",
                purpose="safeguarding",
                purpose_detail="Plan visits",
                recipient_organisation=setup.health,
                recipient_name="Hana Visitor",
                recipient_user=setup.health_visitor,
                status=SharingDecision.Status.COMPLETED,
                outcome=SharingDecision.Outcome.SHARE,
                shared_on=now.date(),
                completed_at=now,
            )
            for c in children
        ]
    )
    source_type = ContentType.objects.get_for_model(SharingDecision)
    ChildAccessGrant.objects.bulk_create(
        [
            ChildAccessGrant(
                child=d.child,
                user=setup.health_visitor,
                basis=ChildAccessGrant.Basis.SHARING_DECISION,
                level=ChildAccessGrant.Level.SHARED,
                source_type=source_type,
                source_id=d.pk,
            )
            for d in decisions
        ]
    )


@pytest.mark.parametrize("page", ["sharing:disclosure_list", "portal:home"])
def test_what_was_shared_with_you_answers_in_the_same_number_of_queries_with_10_and_500(setup, page):
    client = client_for(setup.health_visitor)
    url = reverse(page)
    _bulk_disclosures(setup, 10, start=0)
    queries_to_get(client, url)  # per-process caches
    with_ten = queries_to_get(client, url)
    _bulk_disclosures(setup, 490, start=10)
    assert queries_to_get(client, url) == with_ten
    # The newest first, linking to the disclosure (not the record).
    assert "Shared499" in client.get(url).content.decode()
