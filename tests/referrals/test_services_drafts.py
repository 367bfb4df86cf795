"""Services: starting a draft and saving its sections (`referrals/services/drafts.py`)."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied

from referrals import services
from referrals.models import MastReferral
from tests.referrals.factories import health_child, start


def test_starting_twice_with_the_same_key_makes_one_draft(setup):
    key = uuid.uuid4()
    first, created = services.referral_start(actor=setup.health_visitor, creation_key=key)
    again, created_again = services.referral_start(actor=setup.health_visitor, creation_key=key)
    assert created and not created_again
    assert first.pk == again.pk
    assert MastReferral.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.referral_start(actor=setup.north.social_worker, creation_key=key)


def test_roles_without_referral_permission_cannot_start(setup):
    with pytest.raises(PermissionDenied):
        services.referral_start(actor=setup.north.caldicott, creation_key=uuid.uuid4())


def test_only_the_referrer_changes_a_draft_and_answers_that_no_longer_apply_are_cleared(setup):
    referral = start(setup.health_visitor, health_child(setup))
    with pytest.raises(PermissionDenied):
        services.referral_update(
            actor=setup.north.screener, referral=referral, section="concern", changes={"what_happened": "x"}
        )
    services.referral_update(
        actor=setup.health_visitor,
        referral=referral,
        section="family",
        changes={"family_told": True, "family_told_detail": "Told them", "family_not_told_reason": ""},
    )
    referral = services.referral_update(
        actor=setup.health_visitor,
        referral=referral,
        section="family",
        changes={"family_told": False, "family_not_told_reason": "would_increase_risk"},
    )
    assert referral.family_told_detail == ""
    with pytest.raises(ValueError, match="Not part of"):
        services.referral_update(actor=setup.health_visitor, referral=referral, section="family", changes={"x": 1})
