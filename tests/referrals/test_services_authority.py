"""A referral draft addressed to another authority's MAST (`referral_start(authority=...)`): another
workflow that knows where the referral must go, an Early Intervention move to another area, says so.
Left out, a referral still goes to the MAST of the child's own authority."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from portal.access import has_object_permission
from portal.models import ChildAccessGrant
from referrals import services
from referrals.models import MastReferral, Screening
from tests.referrals.factories import fill, health_child


def start(actor, child, authority=None) -> MastReferral:
    referral, _ = services.referral_start(actor=actor, creation_key=uuid.uuid4(), child=child, authority=authority)
    return referral


def test_a_draft_addressed_to_another_authority_goes_to_that_authoritys_mast(setup):
    child = health_child(setup)  # lives in the north
    referral = start(setup.health_visitor, child, authority=setup.south.org)
    assert referral.authority == setup.south.org and referral.is_draft
    referral = services.referral_submit(actor=setup.health_visitor, referral=fill(referral, setup.health_visitor))

    assert referral.status == MastReferral.Status.SUBMITTED
    assert referral.authority == setup.south.org
    assert Screening.objects.get(referral=referral).authority == setup.south.org
    # South's MAST screens it and works on the child's record; north's MAST does not see it.
    assert has_object_permission(setup.south.screener, "screen_mastreferral", referral)
    assert not has_object_permission(setup.north.screener, "view_mastreferral", referral)
    assert ChildAccessGrant.objects.filter(
        child=child, team=setup.south.mast, basis=ChildAccessGrant.Basis.REFERRAL, revoked_at__isnull=True
    ).exists()
    # The consent and the sharing decision name the authority it went to.
    assert list(referral.consent_record.recipients.all()) == [setup.south.org]
    assert referral.sharing_decision.recipient_organisation == setup.south.org
    assert referral.sharing_decision.purpose_detail.startswith(f"Referral {referral.reference} to South Council MAST")


def test_without_an_authority_the_referral_goes_to_the_childs_own_authority(setup):
    child = health_child(setup)
    referral = start(setup.health_visitor, child)
    assert referral.authority is None
    referral = services.referral_submit(actor=setup.health_visitor, referral=fill(referral, setup.health_visitor))
    assert referral.authority == setup.north.org
    assert Screening.objects.get(referral=referral).authority == setup.north.org
    assert has_object_permission(setup.north.screener, "screen_mastreferral", referral)
    assert not has_object_permission(setup.south.screener, "view_mastreferral", referral)


def test_only_a_local_authority_can_receive_a_referral(setup):
    with pytest.raises(ValidationError) as error:
        start(setup.health_visitor, health_child(setup), authority=setup.health)
    assert "local authority" in str(error.value)
    assert not MastReferral.objects.exists()


def test_the_same_creation_key_keeps_the_first_drafts_authority(setup):
    child = health_child(setup)
    key = uuid.uuid4()
    first, created = services.referral_start(
        actor=setup.health_visitor, creation_key=key, child=child, authority=setup.south.org
    )
    again, created_again = services.referral_start(actor=setup.health_visitor, creation_key=key, child=child)
    assert created and not created_again
    assert again.pk == first.pk and again.authority == setup.south.org
