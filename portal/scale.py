"""Scale data for `manage.py seed_scale` (issue 14): the size of a large council, written in bulk in
the shapes the services write (the access grants and guardian rows behind each allocation, a history
row for every record), on top of the demo organisations, teams and people. Each app adds its share
through `extensions.register_scale_seeder`. Idempotent: each part counts what it made before and
makes only what is missing, so running it again (or with a larger `--children`) adds the rest.

The default sizes are those measured in November 2026: 100,000 children (about 8% open), 20,000 CIN
transfers, 30,000 MAST referrals, 5,000 Early Intervention moves, 50,000 consent records and sharing
decisions, and 10,000 privacy notices; `--children N` scales every part with it."""

import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import Permission
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from nhs_number import calculate_checksum
from simple_history.utils import bulk_create_with_history
from tqdm import tqdm

from portal import extensions
from portal.demo import (
    FIRST_NAMES,
    LAST_NAMES,
    DemoWorld,
    _organisations,
    _teams,
    _users,
    seed_demo,
)
from portal.models import Child, ChildAccessGrant, ChildGroupObjectPermission, ChildUserObjectPermission

DEFAULT_CHILDREN = 100_000
MARK = "(scale data)"  # in `other_names`: how a scale child is told from a demo one
NHS_FIRST = 999_500_000  # scale children's NHS numbers: the valid ones from here, clear of the demo's
MOST_CHILDREN = 400_000  # as many valid synthetic numbers as there are from NHS_FIRST to 999 999 999
BATCH = 2_000
OPEN_EVERY = 13  # about 7.7% of children are open (allocated) cases
# The open cases' allocations: (team key, worker username), in turn. The north social worker is the
# heavy worker (a caseload in the thousands at the default size), as measured.
ALLOCATIONS = [
    ("north-cin", "north.socialworker"),
    ("north-early-help", "north.earlyhelp"),
    ("south-cin", "south.socialworker"),
    ("south-early-help", "south.earlyhelp"),
]


class Progress:
    """A tqdm progress bar on stderr for one part of the data: `label  40%|████   | 2,000/5,000 [rate, left]`."""

    def __init__(self, label: str, total: int, *, out=None) -> None:
        out = out or sys.stderr
        self.bar = None
        if total == 0:  # made before: one line, no bar
            out.write(f"  {label:<28}: nothing missing\n")
            return
        self.bar = tqdm(total=total, desc=f"  {label:<28}", file=out, unit=" rows", leave=True)

    def advance(self, count: int) -> None:
        if self.bar is None:
            return
        self.bar.update(count)
        if self.bar.n >= (self.bar.total or 0):
            self.bar.close()


@dataclass
class ScaleWorld:
    """The demo world, the number of children asked for, and what the seeders share."""

    demo: DemoWorld
    children: int
    today: date = field(default_factory=timezone.localdate)
    out: Any = None

    def share(self, fraction: float) -> int:
        """How many of something at this size: e.g. 0.2 of the children have a CIN transfer."""
        return round(self.children * fraction)

    def child_ids(self) -> list[int]:
        return list(Child.objects.filter(other_names=MARK).order_by("pk").values_list("pk", flat=True))

    def open_child_ids(self) -> list[int]:
        return list(
            Child.objects.filter(other_names=MARK, allocated_team__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def progress(self, label: str, total: int) -> Progress:
        return Progress(label, total, out=self.out)

    def in_batches(self, label: str, total: int, make: Callable[[int, int], int]) -> int:
        """Call `make(start, stop)` for each batch of `total` items, one transaction per batch."""
        progress = self.progress(label, total)
        for start in range(0, total, BATCH):
            stop = min(start + BATCH, total)
            with transaction.atomic():
                make(start, stop)
            progress.advance(stop - start)
        if total == 0:
            progress.advance(0)
        return total


def missing(existing: int, wanted: int) -> range:
    """The indices still to make: from what exists up to what is wanted."""
    return range(existing, max(existing, wanted))


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def nhs_numbers(count: int) -> list[str]:
    """The first `count` valid NHS numbers from NHS_FIRST, in order: the i-th scale child has the i-th."""
    numbers = []
    base = NHS_FIRST
    while len(numbers) < count:
        check = calculate_checksum(str(base))
        if check is not None and check < 10:
            numbers.append(f"{base}{check}")
        base += 1
    return numbers


def _seed_children(world: ScaleWorld) -> int:
    demo = world.demo
    existing = Child.objects.filter(other_names=MARK).count()
    todo = missing(existing, world.children)
    perms = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="portal", codename__in=["view_child", "change_child"]
        )
    }
    born = world.today - timedelta(days=17 * 365)
    numbers = nhs_numbers(world.children)

    def make(start: int, stop: int) -> int:
        children = []
        for i in todo[start:stop]:
            allocation = ALLOCATIONS[(i // OPEN_EVERY) % len(ALLOCATIONS)] if i % OPEN_EVERY == 0 else None
            team = demo.teams[allocation[0]] if allocation else None
            children.append(
                Child(
                    first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                    last_name=LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)],
                    other_names=MARK,
                    date_of_birth=born + timedelta(days=i % (17 * 365)),
                    nhs_number=numbers[i],
                    local_authority=team.organisation if team else demo.orgs["north" if i % 2 == 0 else "south"],
                    tier=4 if team and "cin" in allocation[0] else 3,
                    allocated_team=team,
                    allocated_worker=demo.users[allocation[1]] if allocation else None,
                    allocated_on=world.today - timedelta(days=i % 700) if team else None,
                )
            )
        created = bulk_create_with_history(children, Child, default_change_reason="Child recorded (scale data)")
        allocated = [c for c in created if c.allocated_team_id]
        grants = []
        for c in allocated:
            grants.append(ChildAccessGrant(child=c, team=c.allocated_team, basis="allocated_team", level="edit"))
            grants.append(ChildAccessGrant(child=c, user=c.allocated_worker, basis="allocated_worker", level="edit"))
        bulk_create_with_history(grants, ChildAccessGrant, default_change_reason="Access granted (scale data)")
        ChildGroupObjectPermission.objects.bulk_create(
            [
                ChildGroupObjectPermission(group=c.allocated_team.group, permission=p, content_object=c)
                for c in allocated
                for p in perms.values()
            ],
            ignore_conflicts=True,
        )
        ChildUserObjectPermission.objects.bulk_create(
            [
                ChildUserObjectPermission(user=c.allocated_worker, permission=p, content_object=c)
                for c in allocated
                for p in perms.values()
            ],
            ignore_conflicts=True,
        )
        return len(created)

    world.in_batches("children", len(todo), make)
    return len(todo)


def seed_scale(*, children: int = DEFAULT_CHILDREN, out=None) -> dict[str, int]:
    """The demo world, then the scale children and each app's share, each only what is missing."""
    if not Child.objects.filter(other_names=MARK).exists():
        # Only before the scale data: the demo seeders run their apps' sweeps to show escalations,
        # which on a second run would act on every scale record, and `make bench` would then time a
        # first sweep that found its work already done.
        seed_demo()
    orgs = _organisations()
    teams = _teams(orgs)
    world = ScaleWorld(demo=DemoWorld(orgs=orgs, teams=teams, users=_users(orgs, teams)), children=children, out=out)
    made = {"children": _seed_children(world)}
    for path in extensions.scale_seeders():
        made |= import_string(path)(world)
    _statistics_refreshed()
    return made


def _statistics_refreshed() -> None:
    """Refresh the planner's statistics after the bulk load. Autovacuum would get there in its own
    time; until it does, PostgreSQL plans on empty-table guesses (it judged 20,000 permission rows
    to be 7), so a benchmark run straight after seeding measured plans no live database would use."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
