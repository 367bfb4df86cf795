"""A database made while referrals kept copies of the consent answers upgrades in place (issue 10:
consent capture once, in `sharing`): a draft's answers move to a draft consent record the draft
refers to, a sent referral keeps the record its answers were recorded as, and nothing is lost.

Django's migration executor takes the test database back to the migrations before the move, rows
are made there through that state's models, and it goes forward again.
"""

import uuid
from datetime import date

import pytest

from portal.models import Person, Relationship
from referrals import services
from referrals.models import MastReferral
from sharing.models import ConsentRecord
from tests.factories import relate
from tests.helpers import migrate_to
from tests.referrals.factories import health_child

pytestmark = pytest.mark.postgres

BEFORE = [("referrals", "0003_referrer_matched_child"), ("sharing", "0004_agreement_party_ended")]


@pytest.fixture
def before_the_move(postgres):
    """The models as they were; afterwards the database is at the latest migrations again."""
    try:
        yield migrate_to(BEFORE)
    finally:
        migrate_to()


def _old_referral(old, setup, child, **fields):
    Referral = old.get_model("referrals", "MastReferral")
    return Referral.objects.create(
        creation_key=uuid.uuid4(),
        referrer_id=setup.health_visitor.pk,
        referrer_organisation_id=setup.health_visitor.organisation_id,
        child_id=child.pk,
        information_categories=["identity", "family"],
        **fields,
    )


def test_an_existing_database_keeps_every_referrals_consent_answers(setup, before_the_move):
    old = before_the_move
    child = health_child(setup)
    mother = Person.objects.create(first_name="Jo", last_name="Parent")
    relate(child, mother, has_parental_responsibility=True)
    decided = date(2026, 3, 2)
    answered = _old_referral(
        old,
        setup,
        child,
        consent_decision="not_sought",
        consent_given_by="parental_responsibility",
        consent_person_id=mother.pk,
        consent_decided_on=decided,
        consent_not_sought_reason="child_at_risk",
        consent_explanation="The mother's partner is the person we are worried about.",
    )
    half_answered = _old_referral(old, setup, child, consent_decision="given", consent_given_by="child")
    unanswered = _old_referral(old, setup, child)
    OldConsent = old.get_model("sharing", "ConsentRecord")
    recorded = OldConsent.objects.create(
        child_id=child.pk,
        given_by="parental_responsibility",
        given_by_person_id=mother.pk,
        purpose="mast_referral",
        categories=["identity"],
        status="given",
        method="verbal_phone",
        decided_on=decided,
        recorded_by_id=setup.health_visitor.pk,
    )
    sent = _old_referral(
        old,
        setup,
        child,
        status="submitted",
        reference="MAST-2026-000999",
        consent_decision="given",
        consent_given_by="parental_responsibility",
        consent_person_id=mother.pk,
        consent_method="verbal_phone",
        consent_decided_on=decided,
        consent_record_id=recorded.pk,
    )

    migrate_to()

    draft = MastReferral.objects.get(pk=answered.pk)
    record = draft.consent_record
    assert record is not None and record.is_draft and record.child == child
    assert (record.status, record.given_by, record.given_by_person, record.decided_on) == (
        "not_sought",
        "parental_responsibility",
        mother,
        decided,
    )
    assert (record.not_sought_reason, record.explanation) == (
        "child_at_risk",
        "The mother's partner is the person we are worried about.",
    )
    assert (record.purpose, record.recorded_by) == ("mast_referral", setup.health_visitor)
    # A draft's answers are not a record of consent: nobody else reads them.
    assert not ConsentRecord.objects.filter(pk=record.pk).exists()

    partly = MastReferral.objects.get(pk=half_answered.pk).consent_record
    assert partly.is_draft and (partly.status, partly.given_by, partly.method, partly.decided_on) == (
        "given",
        "child",
        "",
        None,
    )
    assert MastReferral.objects.get(pk=unanswered.pk).consent_record is None

    kept = MastReferral.objects.get(pk=sent.pk)
    assert kept.consent_record_id == recorded.pk and not kept.consent_record.is_draft
    assert ConsentRecord.objects.filter(child=child).count() == 1

    # The migrated draft carries on: its consent step reads and saves the same answers.
    assert draft.consent_answers.status == "not_sought" and draft.consent_person == mother
    services.referral_update(
        actor=setup.health_visitor,
        referral=draft,
        section="consent",
        changes={"consent_decision": "refused", "consent_method": "in_writing"},
    )
    record.refresh_from_db()
    assert (record.status, record.method, record.not_sought_reason, record.given_by_person) == (
        "refused",
        "in_writing",
        "",
        mother,
    )
    assert Relationship.objects.filter(child=child, person=mother, has_parental_responsibility=True).exists()
