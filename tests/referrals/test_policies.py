"""Who may do what with referrals (`referrals/policies.py`): the child page's "Refer to MAST" link
asks the same rule as the service that starts a referral."""

from django.urls import reverse

from portal import services as core
from portal.models import ChildAccessGrant
from referrals import policies
from tests.helpers import client_for


def test_the_child_page_offers_a_referral_only_to_those_who_may_make_one(setup, child):
    link = reverse("referrals:start_for_child", args=[child.pk])
    assert policies.can_refer_about(setup.health_visitor, child)
    assert link in client_for(setup.health_visitor).get(child.get_absolute_url()).content.decode()

    # Sees the child's record, does not work on it: no referral from here, by the link or the rule.
    core.child_access_grant(
        child=child, basis=ChildAccessGrant.Basis.CONSENT, level="view", user=setup.north.social_worker
    )
    page = client_for(setup.north.social_worker).get(child.get_absolute_url())
    assert page.status_code == 200
    assert link not in page.content.decode()
    assert not policies.can_refer_about(setup.north.social_worker, child)
    assert not policies.can_refer_about(setup.north.social_worker, child, permissions={"view_child"})
    assert policies.can_refer_about(setup.health_visitor, child, permissions={"view_child", "change_child"})
