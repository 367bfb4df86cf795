"""Consent in force (issue 13): the latest decision of a person, for a purpose and a recipient, is the
one in force, so a refusal recorded after an earlier consent ends it; and "as at" a moment is the
Europe/London day of that moment."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from portal.models import Notification
from sharing import selectors, services
from sharing.models import ConsentRecord, Purpose
from tests.helpers import client_for
from tests.sharing.factories import give_consent, health_request, sees_shared, share_with_consent

LONDON = ZoneInfo("Europe/London")


def _refuse(setup, child, consent: ConsentRecord, *, on: date) -> ConsentRecord:
    return services.consent_record(
        actor=setup.north.social_worker,
        child=child,
        details=services.ConsentDetails(
            given_by=ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
            given_by_person=consent.given_by_person,
            purpose=consent.purpose,
            status=ConsentRecord.Status.REFUSED,
            method=ConsentRecord.Method.VERBAL_PHONE,
            explanation="I will not share: there is no risk that outweighs the refusal.",
            decided_on=on,
            recipients=[setup.health],
        ),
    )


def test_a_refusal_recorded_after_consent_was_given_ends_it(setup, child):
    consent = give_consent(
        actor=setup.north.social_worker, child=child, recipients=[setup.health], decided_on=date(2026, 3, 1)
    )
    _refuse(setup, child, consent, on=date(2026, 3, 5))
    between = timezone.make_aware(datetime(2026, 3, 3, 12))
    after = timezone.make_aware(datetime(2026, 3, 6, 12))
    in_force = {"subject": child, "recipient": setup.health, "purpose": Purpose.SAFEGUARDING}
    assert selectors.consent_in_force(**in_force, at=between) == consent
    assert selectors.consent_in_force(**in_force, at=after) is None


def test_consent_given_again_after_a_refusal_is_in_force(setup, child):
    consent = give_consent(
        actor=setup.north.social_worker, child=child, recipients=[setup.health], decided_on=date(2026, 3, 1)
    )
    _refuse(setup, child, consent, on=date(2026, 3, 5))
    again = give_consent(
        actor=setup.north.social_worker, child=child, recipients=[setup.health], decided_on=date(2026, 3, 8)
    )
    at = timezone.make_aware(datetime(2026, 3, 9, 12))
    assert (
        selectors.consent_in_force(subject=child, recipient=setup.health, purpose=Purpose.SAFEGUARDING, at=at) == again
    )


def test_consent_recorded_today_is_in_force_in_the_first_hour_of_a_british_summer_day(setup, child):
    consent = give_consent(
        actor=setup.north.social_worker, child=child, recipients=[setup.health], decided_on=date(2026, 6, 10)
    )
    # 00:30 on 10 June in London is 23:30 on 9 June in UTC.
    at = datetime(2026, 6, 10, 0, 30, tzinfo=LONDON)
    assert at.astimezone(ZoneInfo("UTC")).date() == date(2026, 6, 9)
    assert (
        selectors.consent_in_force(subject=child, recipient=setup.health, purpose=Purpose.SAFEGUARDING, at=at)
        == consent
    )
    utc_at = at.astimezone(ZoneInfo("UTC"))
    assert (
        selectors.consent_in_force(subject=child, recipient=setup.health, purpose=Purpose.SAFEGUARDING, at=utc_at)
        == consent
    )


def test_the_decision_flow_does_not_offer_consent_a_later_refusal_ended(setup, child):
    consent = give_consent(
        actor=setup.north.social_worker,
        child=child,
        recipients=[setup.health],
        decided_on=timezone.localdate() - timedelta(days=3),
    )
    _refuse(setup, child, consent, on=timezone.localdate())
    decision = services.sharing_decision_start(
        actor=setup.north.social_worker, child=child, request=health_request(setup)
    )
    services.sharing_decision_answer(
        actor=setup.north.social_worker, decision=decision, question="purpose", answer="yes"
    )
    page = client_for(setup.north.social_worker).get(
        reverse("sharing:decision_question", args=[decision.pk, "consent"])
    )
    assert page.status_code == 200
    assert page.context["consent"] is None
    assert page.context["form"].initial.get("answer") is None


def test_a_later_refusal_takes_away_the_access_the_consent_gave_as_a_withdrawal_would(setup, child):
    consent = give_consent(
        actor=setup.north.social_worker,
        child=child,
        recipients=[setup.health],
        decided_on=timezone.localdate() - timedelta(days=2),
    )
    share_with_consent(setup, child, consent)
    assert sees_shared(setup.health_visitor, child)

    _refuse(setup, child, consent, on=timezone.localdate())

    consent.refresh_from_db()
    assert consent.status == ConsentRecord.Status.WITHDRAWN and "refused" in consent.withdrawal_note
    assert not sees_shared(setup.health_visitor, child)
    assert Notification.objects.filter(recipient=setup.health_visitor, subject__icontains="withdrawn").count() == 1


def test_a_refusal_of_another_purpose_leaves_consent_in_force(setup, child):
    consent = give_consent(
        actor=setup.north.social_worker,
        child=child,
        recipients=[setup.health],
        decided_on=timezone.localdate() - timedelta(days=2),
    )
    services.consent_record(
        actor=setup.north.social_worker,
        child=child,
        details=services.ConsentDetails(
            given_by=ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
            given_by_person=consent.given_by_person,
            purpose=Purpose.EDUCATION,
            status=ConsentRecord.Status.REFUSED,
            method=ConsentRecord.Method.VERBAL_PHONE,
            explanation="I will not share: there is no risk that outweighs the refusal.",
            decided_on=timezone.localdate(),
        ),
    )
    consent.refresh_from_db()
    assert consent.status == ConsentRecord.Status.GIVEN
    assert (
        selectors.consent_in_force(
            subject=child, recipient=setup.health, purpose=Purpose.SAFEGUARDING, at=timezone.now()
        )
        == consent
    )
