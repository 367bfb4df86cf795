"""The demo family's MAST referral (issue 7): the health visitor referred Noah Example-Family, who
waits for screening. The family itself is made by `transfers.family_demo`, which runs first;
idempotent."""

import uuid

from portal.demo import DemoWorld
from portal.models import Child
from referrals import services
from referrals.demo import _fill
from referrals.models import MastReferral
from sharing.models import ConsentRecord

SURNAME = "Example-Family"


def seed(world: DemoWorld) -> str:
    noah = Child.objects.filter(first_name="Noah", last_name=SURNAME).first()
    if noah is None:
        return "Family: no Example-Family child to refer"
    if MastReferral.objects.filter(child=noah).exists():
        return "Family: Noah Example-Family's referral already made"
    visitor = world.users["health.visitor"]
    referral, _ = services.referral_start(
        actor=visitor, creation_key=uuid.uuid5(uuid.NAMESPACE_URL, "demo:family:noah"), child=noah
    )
    referral = _fill(referral, visitor, concern="neglect", consent=ConsentRecord.Status.GIVEN)
    services.referral_submit(actor=visitor, referral=referral)
    return "Family: Noah Example-Family referred to MAST by the health visitor"
