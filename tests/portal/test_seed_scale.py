"""`manage.py seed_scale` (issue 14) at a small size: every part in its proportion, the access each
record needs, and idempotent — a second run makes nothing, a larger one only the rest."""

import io

from django.core.management import call_command

from early_intervention.models import EarlyInterventionMove
from portal.models import Child, ChildAccessGrant, ChildUserObjectPermission, User
from portal.scale import MARK
from portal.selectors import child_list_for_user
from referrals.models import MastReferral, Screening
from sharing.models import ConsentRecord, PrivacyNotice, SharingDecision
from transfers.models import CinTransfer


def counts() -> dict[str, int]:
    return {
        "children": Child.objects.filter(other_names=MARK).count(),
        "transfers": CinTransfer.objects.filter(child__other_names=MARK).count(),
        "referrals": MastReferral.objects.filter(reference__startswith="SCL-").count(),
        "awaiting screening": Screening.objects.filter(referral__reference__startswith="SCL-", outcome="").count(),
        "moves": EarlyInterventionMove.objects.filter(plan_reference__startswith="SCL-").count(),
        "consents": ConsentRecord.objects.filter(child__other_names=MARK).count(),
        "decisions": SharingDecision.objects.filter(child__other_names=MARK).count(),
        "notices": PrivacyNotice.objects.filter(child__other_names=MARK).count(),
    }


def test_seed_scale_makes_every_part_in_proportion_and_runs_again_safely(db):
    err = io.StringIO()
    call_command("seed_scale", "--children", "300", stdout=io.StringIO(), stderr=err)
    made = counts()
    assert made == {
        "children": 300,
        "transfers": 60,
        "referrals": 90,
        "awaiting screening": 3,
        "moves": 15,
        "consents": 150,
        "decisions": 150,
        "notices": 30,
    }
    assert "children" in err.getvalue() and "300/300" in err.getvalue()  # the progress line
    # The open cases are allocated and visible to their worker through the grants behind them.
    worker = User.objects.get(username="north.socialworker")
    allocated = Child.objects.filter(other_names=MARK, allocated_worker=worker)
    assert allocated.exists()
    assert set(child_list_for_user(user=worker).filter(other_names=MARK)) == set(allocated)
    assert ChildAccessGrant.objects.filter(child__in=allocated, basis="allocated_worker").count() == allocated.count()
    assert ChildUserObjectPermission.objects.filter(content_object__in=allocated).exists()
    assert Child.history.filter(other_names=MARK).count() == 300

    call_command("seed_scale", "--children", "300", stdout=io.StringIO(), stderr=io.StringIO())
    assert counts() == made
    call_command("seed_scale", "--children", "400", stdout=io.StringIO(), stderr=io.StringIO())
    assert counts()["children"] == 400 and counts()["transfers"] == 80
