"""The demo family's Early Intervention move (issue 7): Ivy Example-Family's plan is moving out of
area and waits for the multi-agency meeting, with health and school on the plan. The family itself
is made by `transfers.family_demo`, which runs first; idempotent."""

from datetime import timedelta

from django.utils import timezone

from early_intervention import selectors, services
from early_intervention.models import EarlyInterventionMove
from portal.demo import DemoWorld
from portal.models import Child, Tier

SURNAME = "Example-Family"


def seed(world: DemoWorld) -> str:
    ivy = Child.objects.filter(first_name="Ivy", last_name=SURNAME).first()
    if ivy is None:
        return "Family: no Example-Family child on an Early Intervention plan to move"
    if EarlyInterventionMove.objects.filter(child=ivy).exists():
        return "Family: Ivy Example-Family's Early Intervention move already recorded"
    today = timezone.localdate()
    # An unplanned move out of area, waiting for the multi-agency meeting; health and school on the plan.
    options = selectors.agency_options(child=ivy, exclude_team=world.teams["north-early-help"])
    agencies = [o for o in options if o.team is not None and o.team.kind in ("health_visiting", "school_safeguarding")]
    services.move_record(
        actor=world.users["north.earlyhelp"],
        child=ivy,
        details=services.MoveRecord(
            plan_reference=f"EIP-{today.year}-IVY",
            tier=Tier.EARLY_INTERVENTION,
            lead_team=world.teams["north-early-help"],
            kind=EarlyInterventionMove.Kind.UNPLANNED,
            whereabouts_known=True,
            destination_authority=world.orgs["south"],
            move_date=today - timedelta(days=3),
            new_address="2 Quay Street\nSouthvale",
            consent=services.MoveConsent(
                status=EarlyInterventionMove.Consent.NOT_OBTAINED,
                explanation="The family moved before the plan review; we have not reached the mother yet.",
            ),
            agencies=agencies,
        ),
    )
    return "Family: Ivy Example-Family's Early Intervention move recorded"
