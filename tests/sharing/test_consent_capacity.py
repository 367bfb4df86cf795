"""Capacity (issue 13): consent or agreement "by the child" needs a recorded judgement of the child's
capacity — Gillick competence under 16, with the practitioner's reason; presumed from 16 — and a
child under 8 is never recorded, nor offered, as the one deciding (for themselves or the family)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.models import Relationship
from sharing import rules, services
from sharing.forms import ConsentForm
from sharing.models import ConsentRecord, Purpose
from tests.factories import make_child
from tests.transfers.factories import cin_child, draft_transfer, mother_of
from transfers import services as transfers
from transfers.forms import FamilyAgreementForm


def _born(years: int) -> date:
    """A date of birth that makes the child `years` old today."""
    return date(timezone.localdate().year - years, 1, 1)


def _child(setup, years: int):
    return make_child(worker=setup.north.social_worker, team=setup.north.cin, date_of_birth=_born(years))


def _by_the_child(setup, child, **extra) -> ConsentRecord:
    return services.consent_record(
        actor=setup.north.social_worker,
        child=child,
        details=services.ConsentDetails(
            given_by=ConsentRecord.GivenBy.CHILD,
            purpose=Purpose.SAFEGUARDING,
            status=ConsentRecord.Status.GIVEN,
            method=ConsentRecord.Method.IN_WRITING,
            decided_on=timezone.localdate(),
            recipients=[setup.health],
            **extra,
        ),
    )


def test_a_child_under_8_cannot_be_recorded_as_giving_consent(setup):
    child = _child(setup, 4)
    with pytest.raises(ValidationError) as error:
        _by_the_child(setup, child, capacity_reason="She nodded.")
    assert "under 8" in error.value.message_dict["given_by"][0]


def test_a_child_under_16_needs_a_recorded_judgement_of_their_capacity(setup):
    child = _child(setup, 12)
    with pytest.raises(ValidationError) as error:
        _by_the_child(setup, child)
    assert "Gillick" in error.value.message_dict["capacity_reason"][0]
    record = _by_the_child(setup, child, capacity_reason="He understands what is shared, with whom and why.")
    assert (record.capacity, record.capacity_reason) == (
        ConsentRecord.Capacity.GILLICK_COMPETENT,
        "He understands what is shared, with whom and why.",
    )


def test_capacity_is_presumed_from_16(setup):
    record = _by_the_child(setup, _child(setup, 16))
    assert (record.capacity, record.capacity_reason) == (ConsentRecord.Capacity.PRESUMED, "")


def test_the_consent_form_does_not_offer_a_child_under_8(setup):
    young, older = _child(setup, 3), _child(setup, 9)
    assert "child" not in dict(ConsentForm(child=young).fields["given_by"].choices)
    assert "child" in dict(ConsentForm(child=older).fields["given_by"].choices)


def test_the_ages_the_rules_use():
    on = date(2026, 6, 10)
    assert rules.age_on(date(2018, 6, 11), on) == 7 and rules.age_on(date(2018, 6, 10), on) == 8
    assert not rules.may_decide_for_themselves(date(2018, 6, 11), on)
    assert rules.capacity_of(date(2010, 6, 10), on, "") == rules.CAPACITY_PRESUMED
    assert rules.capacity_of(date(2012, 6, 10), on, "") == ""


def test_a_3_year_old_cannot_give_the_familys_agreement_to_a_cin_transfer(setup):
    child = cin_child(setup, date_of_birth=_born(3))
    transfer = draft_transfer(setup, child)
    details = transfers.FamilyAgreementDetails(
        agreement="agreed",
        protection_concerns="none",
        family_told=True,
        given_by=ConsentRecord.GivenBy.CHILD,
        method=ConsentRecord.Method.IN_WRITING,
        decided_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as error:
        transfers.transfer_record_family_agreement(actor=setup.north.social_worker, transfer=transfer, details=details)
    assert "under 8" in error.value.message_dict["given_by"][0]
    form = FamilyAgreementForm(relationships=list(child.relationships.all()), child_born=child.date_of_birth)
    assert "child" not in dict(form.fields["given_by"].choices)
    # The family's agreement names a person with parental responsibility instead.
    mother = mother_of(child)
    assert Relationship.objects.get(child=child, person=mother).has_parental_responsibility
    agreed = transfers.transfer_record_family_agreement(
        actor=setup.north.social_worker,
        transfer=transfer,
        details=transfers.FamilyAgreementDetails(
            agreement="agreed",
            protection_concerns="none",
            family_told=True,
            given_by=ConsentRecord.GivenBy.PARENTAL_RESPONSIBILITY,
            person=mother,
            method=ConsentRecord.Method.IN_WRITING,
            decided_on=timezone.localdate(),
        ),
    )
    assert agreed.agreement_person == mother
