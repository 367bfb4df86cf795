"""The demo family's MAST referral, seeded by referrals itself once the family is made (transfers
makes the family and imports no other workflow app)."""

from referrals import family_demo
from referrals.models import MastReferral
from tests.helpers import demo_world
from transfers import family_demo as transfers_family_demo


def test_noahs_referral_is_made_once_and_waits_for_screening(db):
    world = demo_world()
    assert family_demo.seed(world) == "Family: no Example-Family child to refer"
    transfers_family_demo.seed(world)

    assert family_demo.seed(world) == "Family: Noah Example-Family referred to MAST by the health visitor"
    referral = MastReferral.objects.get(child__first_name="Noah", child__last_name="Example-Family")
    assert referral.status == MastReferral.Status.SUBMITTED
    assert referral.referrer.username == "health.visitor"
    assert family_demo.seed(world).endswith("already made")
    assert MastReferral.objects.filter(child=referral.child).count() == 1


def test_the_family_referral_is_seeded_after_the_family():
    from portal import extensions

    seeders = extensions.demo_seeders()
    assert seeders.index("referrals.family_demo.seed") > seeders.index("transfers.family_demo.seed")
