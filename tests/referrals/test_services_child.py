"""Services: the child a draft is about (`referrals/services/child.py`; a record found by typed
details is tests/referrals/test_matched_child.py)."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied

from referrals import services
from tests.factories import make_child
from tests.referrals.factories import start


def test_a_referrer_only_refers_a_child_whose_record_they_work_on(setup):
    south_child = make_child(worker=setup.south.social_worker, team=setup.south.cin)
    with pytest.raises(PermissionDenied):
        services.referral_start(actor=setup.health_visitor, creation_key=uuid.uuid4(), child=south_child)
    referral = start(setup.health_visitor)
    with pytest.raises(PermissionDenied):
        services.referral_choose_child(actor=setup.health_visitor, referral=referral, child=south_child)


def test_recording_a_new_child_puts_them_in_the_referrers_team(setup):
    from portal.services import ChildDetails

    referral = start(setup.health_visitor)
    child = services.referral_create_child(
        actor=setup.health_visitor,
        referral=referral,
        details=ChildDetails(first_name="Nia", last_name="New", local_authority=setup.north.org),
        team=setup.health_team,
    )
    referral.refresh_from_db()
    assert referral.child == child
    assert child.allocated_team == setup.health_team and child.allocated_worker == setup.health_visitor
