"""The access-grant ledger: a guardian permission lasts while any recorded basis needs it."""

from portal import services
from portal.models import ChildAccessGrant
from tests.factories import make_child
from tests.portal.services import visible


def test_revoking_one_basis_keeps_access_another_basis_still_covers(setup):
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    other = services.child_access_grant(
        child=child, basis=ChildAccessGrant.Basis.CONSENT, level="view", user=setup.health_visitor
    )
    second = services.child_access_grant(
        child=child, basis=ChildAccessGrant.Basis.REFERRAL, level="view", user=setup.health_visitor
    )
    services.child_access_revoke(grant=other, revoked_by=north.social_worker, reason="Consent withdrawn")
    assert visible(setup.health_visitor, child)
    services.child_access_revoke(grant=second, revoked_by=north.social_worker, reason="Closed")
    assert not visible(setup.health_visitor, child)
