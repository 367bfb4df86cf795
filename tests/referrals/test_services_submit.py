"""Services: sending a referral, with consent and the sharing decision (`referrals/services/submit.py`)."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from portal.access import has_object_permission
from portal.models import ChildAccessGrant, Escalation, Notification
from portal.selectors import child_list_for_user
from portal.services import InvalidTransition
from referrals import services
from referrals.models import MastReferral, Screening
from sharing import selectors as sharing_selectors
from sharing.models import ConsentRecord, Purpose, SharingDecision
from tests.referrals import factories
from tests.referrals.factories import health_child, sent, start

LONDON = ZoneInfo("Europe/London")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def test_an_incomplete_referral_is_not_sent(setup):
    referral = start(setup.health_visitor, health_child(setup))
    with pytest.raises(services.IncompleteReferral) as error:
        services.referral_submit(actor=setup.health_visitor, referral=referral)
    assert {p.section for p in error.value.problems} == {"concern", "family", "consent"}
    referral.refresh_from_db()
    assert referral.status == "draft" and referral.reference == ""
    assert ConsentRecord.objects.count() == 0


@time_machine.travel(at(2026, 4, 17, 15, 30), tick=False)
def test_sending_without_consent_records_the_reason_and_a_decision_in_the_childs_sharing_log(setup):
    child = health_child(setup)
    referral = sent(setup, child=child, consent="not_sought")

    assert referral.status == "submitted"
    assert referral.reference == f"MAST-2026-{referral.pk:06d}"
    assert referral.authority == setup.north.org
    assert referral.screening_due == date(2026, 4, 20)  # Friday -> Monday
    screening = Screening.objects.get(referral=referral)
    assert screening.due_on == date(2026, 4, 20) and screening.authority == setup.north.org

    consent = referral.consent_record
    assert consent.status == ConsentRecord.Status.NOT_SOUGHT
    assert consent.not_sought_reason == ConsentRecord.NotSoughtReason.CHILD_AT_RISK
    assert consent.purpose == Purpose.MAST_REFERRAL
    assert consent.explanation

    decision = referral.sharing_decision
    assert decision in sharing_selectors.decision_log_for_child(child=child)
    assert decision.status == SharingDecision.Status.COMPLETED and decision.outcome == "share"
    assert decision.answers == {
        "purpose": "yes",
        "consent": "no",
        "identifiable": "yes",
        "lawful_without_consent": "yes",
    }
    assert decision.context_id == referral.pk and decision.context_type.model == "mastreferral"
    assert decision.purpose == Purpose.MAST_REFERRAL
    assert decision.recipient_organisation == setup.north.org
    assert decision.article_6_basis.code == "6(1)(e)"
    assert decision.article_9_condition.code == "9(2)(g)"  # health information included
    assert decision.schedule_1_condition.code == "DPA 2018 Sch 1 para 18"
    assert decision.legal_gateway.name == "Children Act 1989"
    assert decision.individual_told is False and decision.not_told_reason == "would_increase_risk"
    assert "increased risk of significant harm" in decision.reasons


def test_sending_with_agreement_relies_on_the_consent_given(setup):
    child = health_child(setup)
    referral = sent(setup, child=child, consent="given", concern={"information_categories": ["identity", "family"]})
    decision = referral.sharing_decision
    assert decision.with_consent and decision.consent_record == referral.consent_record
    assert decision.article_9_condition is None
    assert decision.individual_told is True
    in_force = sharing_selectors.consent_in_force(
        subject=child, recipient=setup.north.org, purpose=Purpose.MAST_REFERRAL, at=decision.completed_at
    )
    assert in_force == referral.consent_record
    assert referral.consent_record.given_by_person.full_name == "Jo Parent"


def test_sending_over_a_refusal_is_escalated_to_the_referrers_caldicott_guardian(setup):
    referral = sent(setup, consent="refused")
    escalation = Escalation.objects.get(kind=Escalation.Kind.CONSENT_OVERRIDDEN)
    assert escalation.subject == referral.sharing_decision
    assert escalation.organisation == setup.health


def test_sending_opens_the_referral_to_the_authoritys_mast_and_the_child_to_that_team(setup):
    child = health_child(setup)
    referral = sent(setup, child=child)
    assert has_object_permission(setup.north.screener, "screen_mastreferral", referral)
    assert has_object_permission(setup.north.mast_manager, "view_mastreferral", referral)
    assert not has_object_permission(setup.south.screener, "view_mastreferral", referral)
    # The referrer keeps sight of it but can no longer change it.
    assert has_object_permission(setup.health_visitor, "view_mastreferral", referral)
    assert not has_object_permission(setup.health_visitor, "change_mastreferral", referral)
    grant = ChildAccessGrant.objects.get(child=child, basis=ChildAccessGrant.Basis.REFERRAL)
    assert grant.team == setup.north.mast and grant.source == referral
    assert child in child_list_for_user(user=setup.north.screener)
    # MAST is told a referral is waiting; nobody else is.
    told = set(Notification.objects.filter(subject__startswith="New MAST referral").values_list("recipient", flat=True))
    assert told == {setup.north.screener.pk, setup.north.mast_manager.pk}


def test_a_sent_referral_cannot_be_changed_or_sent_again(setup):
    referral = sent(setup)
    counts = (ConsentRecord.objects.count(), SharingDecision.objects.count(), Screening.objects.count())
    with pytest.raises(InvalidTransition):
        services.referral_submit(actor=setup.health_visitor, referral=referral)
    with pytest.raises(InvalidTransition):
        services.referral_update(
            actor=setup.health_visitor, referral=referral, section="concern", changes={"what_happened": "Changed"}
        )
    assert (ConsentRecord.objects.count(), SharingDecision.objects.count(), Screening.objects.count()) == counts
    assert MastReferral.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submits_at_the_same_moment_send_one_referral(postgres, setup):
    referral = factories.fill(start(setup.health_visitor, health_child(setup)), setup.health_visitor)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def submit():
        try:
            barrier.wait()
            services.referral_submit(actor=setup.health_visitor, referral=referral)
            results.append("sent")
        except InvalidTransition:
            results.append("already sent")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["already sent", "sent"]
    assert ConsentRecord.objects.count() == 1
    assert SharingDecision.objects.count() == 1
    assert Screening.objects.count() == 1
