"""The family's agreement to the referral, and what a referral without it needs."""

import pytest
from django.core.exceptions import ValidationError

from tests.transfers.factories import agreed, draft_transfer, refused_with_concerns
from transfers import services
from transfers.models import CinTransfer


def test_refused_with_child_protection_concerns_needs_the_reason_and_the_advice(setup):
    transfer = draft_transfer(setup)
    details = refused_with_concerns(
        transfer.child, proceed_reason="", advice_from="", advice_by="", advice_on=None, advice_summary=""
    )
    with pytest.raises(ValidationError) as error:
        services.transfer_record_family_agreement(actor=setup.north.social_worker, transfer=transfer, details=details)
    assert set(error.value.message_dict) == {
        "proceed_reason",
        "advice_from",
        "advice_by",
        "advice_on",
        "advice_summary",
    }
    transfer = services.transfer_record_family_agreement(
        actor=setup.north.social_worker, transfer=transfer, details=refused_with_concerns(transfer.child)
    )
    assert transfer.advice_from == CinTransfer.AdviceFrom.LEGAL_SERVICES
    assert transfer.proceed_reason.startswith("Current concerns")


def test_not_sought_needs_the_reason_and_a_family_not_told_needs_why(setup):
    transfer = draft_transfer(setup)
    details = services.FamilyAgreementDetails(
        agreement="not_sought", protection_concerns="none", family_told=False, proceed_reason=""
    )
    with pytest.raises(ValidationError) as error:
        services.transfer_record_family_agreement(actor=setup.north.social_worker, transfer=transfer, details=details)
    assert set(error.value.message_dict) == {"proceed_reason", "not_told_reason"}


def test_agreement_from_someone_without_parental_responsibility_is_refused(setup):
    from tests.factories import PersonFactory, relate

    transfer = draft_transfer(setup)
    uncle = PersonFactory()
    relate(transfer.child, uncle, "other")
    with pytest.raises(ValidationError) as error:
        services.transfer_record_family_agreement(
            actor=setup.north.social_worker, transfer=transfer, details=agreed(transfer.child, person=uncle)
        )
    assert "parental responsibility" in error.value.message_dict["given_by"][0]
