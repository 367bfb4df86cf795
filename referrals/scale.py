"""The MAST referrals of `manage.py seed_scale` (issue 14): three in ten children, about one in thirty
of them awaiting screening (due dates either side of today), the rest screened; read and screening
access granted to the authority's MAST as the services grant it."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from portal.models import Child
from portal.scale import ScaleWorld, missing
from referrals.models import MastReferral, ReferralGroupObjectPermission, Screening

SHARE = 0.3
AWAITING_EVERY = 30


def seed(world: ScaleWorld) -> dict[str, int]:
    demo, today = world.demo, world.today
    existing = MastReferral.objects.filter(reference__startswith="SCL-").count()
    todo = missing(existing, world.share(SHARE))
    child_ids = world.child_ids()
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="referrals", codename__in=["view_mastreferral", "screen_mastreferral"]
        )
    )
    now = timezone.now()

    def make(start: int, stop: int) -> None:
        indices = todo[start:stop]
        picks = {i: child_ids[(i * 3 + 1) % len(child_ids)] for i in indices}
        children = Child.objects.in_bulk(list(picks.values()))
        referrals = []
        for i in indices:
            awaiting = i % AWAITING_EVERY == 0
            days_ago = i % 3 if awaiting else 2 + i % 2000
            referrals.append(
                MastReferral(
                    reference=f"SCL-{i:09d}",
                    status="submitted" if awaiting else "outcome_recorded",
                    referrer=demo.users["health.visitor"],
                    referrer_organisation=demo.orgs["health"],
                    child=children[picks[i]],
                    authority=demo.orgs["north" if i % 2 == 0 else "south"],
                    urgency=1 + i % 3,
                    submitted_at=now - timedelta(days=days_ago),
                    screening_due=today - timedelta(days=days_ago - 1),
                )
            )
        created = bulk_create_with_history(referrals, MastReferral, default_change_reason="Submitted (scale data)")
        screenings = []
        for i, referral in zip(indices, created, strict=True):
            awaiting = i % AWAITING_EVERY == 0
            screenings.append(
                Screening(
                    referral=referral,
                    authority=referral.authority,
                    due_on=referral.screening_due,
                    outcome="" if awaiting else "no_further_action",
                    decided_at=None if awaiting else referral.submitted_at + timedelta(hours=20),
                )
            )
        bulk_create_with_history(screenings, Screening, default_change_reason="Screening (scale data)")
        ReferralGroupObjectPermission.objects.bulk_create(
            [
                ReferralGroupObjectPermission(
                    group=demo.teams[f"{'north' if r.authority_id == demo.orgs['north'].pk else 'south'}-mast"].group,
                    permission=p,
                    content_object=r,
                )
                for r in created
                for p in permissions
            ],
            ignore_conflicts=True,
        )

    world.in_batches("MAST referrals", len(todo), make)
    return {"referrals": len(todo)}
