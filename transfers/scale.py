"""The CIN transfers of `manage.py seed_scale` (issue 14): a fifth of the children, about one in ten
with its decision clock running (due dates either side of today), the rest accepted long ago; read
access granted to both sides' CIN teams as the services grant it."""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from portal.models import Child
from portal.scale import ScaleWorld, missing
from transfers.models import CinTransfer, CinTransferGroupObjectPermission

SHARE = 0.2
RUNNING_EVERY = 10


def seed(world: ScaleWorld) -> dict[str, int]:
    demo, today = world.demo, world.today
    existing = CinTransfer.objects.filter(child__other_names="(scale data)").count()
    todo = missing(existing, world.share(SHARE))
    child_ids = world.child_ids()
    view = Permission.objects.get(content_type__app_label="transfers", codename="view_cintransfer")
    now = timezone.now()

    def make(start: int, stop: int) -> None:
        transfers = []
        indices = todo[start:stop]
        children = Child.objects.in_bulk([child_ids[(i * 5) % len(child_ids)] for i in indices])
        for i in indices:
            child = children[child_ids[(i * 5) % len(child_ids)]]
            north = i % 2 == 0
            sending, receiving = ("north", "south") if north else ("south", "north")
            running = i % RUNNING_EVERY == 0
            referred_on = today - timedelta(days=(i % 30) if running else 60 + i % 2000)
            transfers.append(
                CinTransfer(
                    child=child,
                    sending_authority=demo.orgs[sending],
                    sending_team=demo.teams[f"{sending}-cin"],
                    receiving_authority=demo.orgs[receiving],
                    receiving_team=demo.teams[f"{receiving}-cin"],
                    created_by=demo.users[f"{sending}.socialworker"],
                    move_date=referred_on,
                    move_kind="permanent",
                    state="referred" if running else "accepted",
                    referred_by=demo.users[f"{sending}.socialworker"],
                    referred_at=now - timedelta(days=(today - referred_on).days),
                    referred_on=referred_on,
                    decision_due_on=referred_on + timedelta(days=15),
                )
            )
        created = bulk_create_with_history(transfers, CinTransfer, default_change_reason="Referred (scale data)")
        CinTransferGroupObjectPermission.objects.bulk_create(
            [
                CinTransferGroupObjectPermission(group=team.group, permission=view, content_object=t)
                for t in created
                for team in (t.sending_team, t.receiving_team)
            ],
            ignore_conflicts=True,
        )

    world.in_batches("CIN transfers", len(todo), make)
    return {"transfers": len(todo)}
