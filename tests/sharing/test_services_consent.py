"""Consent: recorded given, refused or not sought, in force for a moment, and withdrawn."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal.models import Notification, Relationship
from portal.services import InvalidTransition
from sharing import selectors, services
from sharing.models import Purpose
from tests.sharing.factories import (
    can_see,
    give_consent,
    sees_shared,
    share_with_consent,
    shared_details,
    sharing_request,
)


def test_consent_in_force_answers_for_any_moment_past_included(setup, child):
    health = setup.health
    consent = give_consent(
        actor=setup.north.social_worker, child=child, recipients=[health], decided_on=date(2026, 3, 1)
    )
    at = timezone.make_aware(datetime(2026, 3, 10, 12))
    assert selectors.consent_in_force(subject=child, recipient=health, purpose=Purpose.SAFEGUARDING, at=at) == consent
    before = timezone.make_aware(datetime(2026, 2, 28, 12))
    assert selectors.consent_in_force(subject=child, recipient=health, purpose=Purpose.SAFEGUARDING, at=before) is None
    # Another recipient, another purpose: not covered.
    assert (
        selectors.consent_in_force(subject=child, recipient=setup.south.org, purpose=Purpose.SAFEGUARDING, at=at)
        is None
    )
    assert selectors.consent_in_force(subject=child, recipient=health, purpose=Purpose.EDUCATION, at=at) is None

    withdrawn_at = timezone.make_aware(datetime(2026, 4, 1, 9))
    services.consent_withdraw(
        actor=setup.north.social_worker,
        consent=consent,
        method="verbal_phone",
        note="Mother phoned",
        withdrawn_at=withdrawn_at,
    )
    # Still answers "yes" for the time before the withdrawal, and "no" after it.
    assert selectors.consent_in_force(subject=child, recipient=health, purpose=Purpose.SAFEGUARDING, at=at) == consent
    after = withdrawn_at + timedelta(minutes=1)
    assert selectors.consent_in_force(subject=child, recipient=health, purpose=Purpose.SAFEGUARDING, at=after) is None


def test_refused_or_not_sought_consent_is_never_in_force(setup, child):
    for status, extra in [
        (
            "refused",
            {
                "method": "verbal_in_person",
                "capacity_reason": "She understands what refusing means.",
                "explanation": "I will not share.",
            },
        ),
        ("not_sought", {"not_sought_reason": "child_at_risk", "explanation": "Father is the alleged abuser"}),
    ]:
        services.consent_record(
            actor=setup.north.social_worker,
            child=child,
            details=services.ConsentDetails(
                given_by="child",
                purpose=Purpose.SAFEGUARDING,
                status=status,
                decided_on=date.today(),
                recipients=[setup.health],
                **extra,
            ),
        )
    assert (
        selectors.consent_in_force(
            subject=child, recipient=setup.health, purpose=Purpose.SAFEGUARDING, at=timezone.now()
        )
        is None
    )


def test_consent_not_sought_needs_one_of_the_four_reasons_and_an_explanation(setup, child):
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            actor=setup.north.social_worker,
            child=child,
            details=services.ConsentDetails(
                given_by="child", purpose="safeguarding", status="not_sought", decided_on=date.today()
            ),
        )
    assert set(error.value.message_dict) >= {"not_sought_reason", "explanation"}


def test_consent_from_a_parent_needs_parental_responsibility(setup, child):
    from tests.factories import PersonFactory, relate

    uncle = PersonFactory()
    relate(child, uncle, Relationship.Kind.OTHER)
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            actor=setup.north.social_worker,
            child=child,
            details=services.ConsentDetails(
                given_by="parental_responsibility",
                given_by_person=uncle,
                purpose="safeguarding",
                status="given",
                method="in_writing",
                decided_on=date.today(),
                recipients=[setup.health],
            ),
        )
    assert "given_by_person" in error.value.message_dict


def test_only_someone_working_with_the_child_records_consent(setup, child):
    with pytest.raises(PermissionDenied):
        give_consent(actor=setup.south.social_worker, child=child, recipients=[setup.health])


def test_withdrawal_is_a_transition_and_cannot_happen_twice(setup, child):
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    services.consent_withdraw(actor=setup.north.social_worker, consent=consent, method="in_writing", note="Letter")
    consent.refresh_from_db()
    assert consent.status == "withdrawn"
    assert consent.withdrawal_recorded_by == setup.north.social_worker
    assert [h.status for h in consent.history.order_by("history_date")] == ["given", "withdrawn"]
    with pytest.raises(InvalidTransition):
        services.consent_withdraw(actor=setup.north.social_worker, consent=consent, method="in_writing", note="again")


def test_withdrawing_consent_takes_away_the_access_it_gave_and_tells_the_user(setup, child):
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    decision = share_with_consent(setup, child, consent)
    assert decision.status == "completed" and decision.outcome == "share"
    assert sees_shared(setup.health_visitor, child)

    services.consent_withdraw(actor=setup.north.social_worker, consent=consent, method="verbal_phone", note="")

    assert not sees_shared(setup.health_visitor, child)
    assert Notification.objects.filter(recipient=setup.health_visitor, subject__icontains="withdrawn").count() == 1


def test_withdrawal_keeps_access_another_recorded_lawful_basis_covers(setup, child):
    consent = give_consent(actor=setup.north.social_worker, child=child, recipients=[setup.health])
    share_with_consent(setup, child, consent, article_6="6(1)(e)")  # public task recorded too

    services.consent_withdraw(actor=setup.north.social_worker, consent=consent, method="verbal_phone", note="")

    assert sees_shared(setup.health_visitor, child)
    bases = set(
        child.access_grants.filter(user=setup.health_visitor, revoked_at__isnull=True).values_list("basis", flat=True)
    )
    assert bases == {"sharing_decision"}
    assert not Notification.objects.filter(recipient=setup.health_visitor, subject__icontains="withdrawn").exists()


def test_a_workflow_that_checked_access_itself_can_record_for_a_child_the_actor_cannot_see(setup, child):
    outsider = setup.health_visitor
    details = services.ConsentDetails(
        given_by="child",
        purpose=Purpose.MAST_REFERRAL,
        status="not_sought",
        decided_on=date.today(),
        not_sought_reason="child_at_risk",
        explanation="Asking would alert the abuser",
    )
    with pytest.raises(PermissionDenied):
        services.consent_record(actor=outsider, child=child, details=details)
    record = services.consent_record(actor=outsider, child=child, details=details, caller_checked_access=True)
    assert record.recorded_by == outsider
    decision = services.sharing_decision_record(
        actor=outsider,
        child=child,
        request=sharing_request(setup.north.org),
        reasons="Significant harm",
        answers={"purpose": "yes", "consent": "no", "identifiable": "yes", "lawful_without_consent": "yes"},
        shared=shared_details(),
        caller_checked_access=True,
    )
    assert decision.status == "completed"
    # Recording never opens the record itself.
    assert not can_see(outsider, child)
