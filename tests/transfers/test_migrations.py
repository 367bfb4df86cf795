"""A database made while CIN transfers kept copies of who agreed, how and when upgrades in place
(issue 10: consent capture once, in `sharing`): a draft's answer moves to a draft consent record the
draft refers to, a referred transfer keeps the record its answer was recorded as, nothing is lost,
and the family's agreement page reads the same answers.

Django's migration executor takes the test database back to the migrations before the move, rows
are made there through that state's models, and it goes forward again.
"""

from datetime import date

import pytest

from sharing.models import ConsentRecord
from tests.helpers import migrate_to
from tests.transfers.factories import cin_child, mother_of
from transfers.forms import FamilyAgreementForm
from transfers.models import CinTransfer

pytestmark = pytest.mark.postgres

BEFORE = [
    ("transfers", "0005_early_intervention_moves_to_their_own_app"),
    ("sharing", "0004_agreement_party_ended"),
]


@pytest.fixture
def before_the_move(postgres):
    """The models as they were; afterwards the database is at the latest migrations again."""
    try:
        yield migrate_to(BEFORE)
    finally:
        migrate_to()


def _old_transfer(old, setup, child, **fields):
    return old.get_model("transfers", "CinTransfer").objects.create(
        child_id=child.pk,
        sending_authority_id=setup.north.org.pk,
        sending_team_id=setup.north.cin.pk,
        receiving_authority_id=setup.south.org.pk,
        created_by_id=setup.north.social_worker.pk,
        move_date=date(2026, 3, 2),
        move_kind="permanent",
        information_categories=["identity", "family"],
        **fields,
    )


def test_an_existing_database_keeps_every_transfers_family_agreement(setup, before_the_move):
    old = before_the_move
    child = cin_child(setup)
    mother = mother_of(child)
    told_on = date(2026, 3, 1)
    agreed = _old_transfer(
        old,
        setup,
        child,
        family_agreement="agreed",
        agreement_given_by="parental_responsibility",
        agreement_person_id=mother.pk,
        agreement_method="in_writing",
        agreement_on=told_on,
        protection_concerns="none",
        family_told=True,
    )
    not_asked = _old_transfer(old, setup, cin_child(setup), family_agreement="not_sought", proceed_reason="Urgent")
    recorded = old.get_model("sharing", "ConsentRecord").objects.create(
        child_id=child.pk,
        given_by="child",
        purpose="cin_transfer",
        categories=["identity"],
        status="refused",
        method="verbal_phone",
        decided_on=told_on,
        recorded_by_id=setup.north.social_worker.pk,
    )
    referred = _old_transfer(
        old,
        setup,
        cin_child(setup),
        state="withdrawn",
        family_agreement="refused",
        agreement_given_by="child",
        agreement_method="verbal_phone",
        agreement_on=told_on,
        consent_record_id=recorded.pk,
    )

    migrate_to()

    draft = CinTransfer.objects.get(pk=agreed.pk)
    record = draft.consent_record
    assert record is not None and record.is_draft and record.child == child
    assert (record.status, record.given_by, record.given_by_person, record.method, record.decided_on) == (
        "given",
        "parental_responsibility",
        mother,
        "in_writing",
        told_on,
    )
    assert (record.purpose, record.recorded_by) == ("cin_transfer", setup.north.social_worker)
    assert not ConsentRecord.objects.filter(pk=record.pk).exists()  # a draft is nobody else's to read
    assert draft.family_agreement == "agreed" and draft.agreement_person == mother

    # The family's agreement page shows what was answered before.
    initial = FamilyAgreementForm.initial_from(draft)
    assert (initial["agreement"], initial["given_by"], initial["method"], initial["decided_on"]) == (
        "agreed",
        f"person:{mother.pk}",
        "in_writing",
        told_on,
    )

    assert CinTransfer.objects.get(pk=not_asked.pk).consent_record is None
    kept = CinTransfer.objects.get(pk=referred.pk)
    assert kept.consent_record_id == recorded.pk and not kept.consent_record.is_draft
    assert kept.agreement_answers.given_by == "child"
