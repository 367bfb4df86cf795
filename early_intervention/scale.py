"""The Early Intervention moves of `manage.py seed_scale` (issue 14): one child in twenty, about one
in ten of the moves awaiting its multi-agency meeting, the rest completed."""

from datetime import timedelta

from simple_history.utils import bulk_create_with_history

from early_intervention.models import EarlyInterventionMove
from portal.models import Child
from portal.scale import ScaleWorld, missing

SHARE = 0.05


def seed(world: ScaleWorld) -> dict[str, int]:
    demo, today = world.demo, world.today
    todo = missing(EarlyInterventionMove.objects.filter(plan_reference__startswith="SCL-").count(), world.share(SHARE))
    child_ids = world.child_ids()

    def make(start: int, stop: int) -> None:
        indices = todo[start:stop]
        picks = {i: child_ids[(i * 20 + 7) % len(child_ids)] for i in indices}
        children = Child.objects.in_bulk(list(picks.values()))
        moves = []
        for i in indices:
            side = "north" if i % 2 == 0 else "south"
            moves.append(
                EarlyInterventionMove(
                    child=children[picks[i]],
                    plan_reference=f"SCL-{i:09d}",
                    tier=2 + i % 2,
                    lead_professional=demo.users[f"{side}.earlyhelp"],
                    lead_team=demo.teams[f"{side}-early-help"],
                    kind="unplanned",
                    whereabouts_known=False,
                    move_date=today - timedelta(days=i % 1500),
                    consent="not_obtained",
                    created_by=demo.users[f"{side}.earlyhelp"],
                    state="awaiting_meeting" if i % 10 == 0 else "completed",
                )
            )
        bulk_create_with_history(moves, EarlyInterventionMove, default_change_reason="Move recorded (scale data)")

    world.in_batches("Early Intervention moves", len(todo), make)
    return {"ei_moves": len(todo)}
