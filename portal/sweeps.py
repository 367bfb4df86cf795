"""The sweep registry and runner.

A sweep computes what is due from the tables and acts on it idempotently (DESIGN §7). Each app
registers its sweeps in its AppConfig.ready() by dotted path, so `portal` never imports a workflow
app. Celery beat runs `portal.tasks.run_all_sweeps` on a static schedule; `manage.py run_sweeps`
runs every sweep once. A sweep is called with keyword argument `today` (a date in Europe/London)
and returns its counts — what it raised, closed, sent… — as a mapping of names to numbers, never
anything about a person. Every run writes one structured log line (`sweep.finished` or
`sweep.failed`) with those counts and how long it took.

Each sweep has a lock (its `SweepRun` row): a run that finds the same sweep running (a second beat,
a slow run overlapping the next minute's, the command run by hand) skips, writing `sweep.skipped`.
A run that died holding the lock is taken over after LOCK_TIMEOUT. The row also records the last
successful run, which `/readyz` reads: a sweep that has not succeeded for
PORTAL_SWEEP_STALE_MINUTES fails readiness, so an operator is alerted.
"""

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from portal.logs import log_event
from portal.models import SweepRun

logger = logging.getLogger("portal.sweeps")

# What a sweep did, by name: {"raised": 2, "closed": 0}. Counts only.
SweepCounts = Mapping[str, int]

_registry: dict[str, str] = {}

# Longer than any sweep takes: a lock held this long belongs to a run that died.
LOCK_TIMEOUT = timedelta(minutes=10)


@dataclass(frozen=True)
class SweepResult:
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    duration_ms: int = 0
    skipped: bool = False

    @property
    def summary(self) -> str:
        """One line a person can read: `sweep=… raised=2 closed=0 duration_ms=12`."""
        if self.skipped:
            return f"sweep={self.name} skipped=already-running"
        parts = [f"sweep={self.name}", *(f"{key}={value}" for key, value in self.counts.items())]
        return " ".join([*parts, f"duration_ms={self.duration_ms}"])


def register(name: str, dotted_path: str) -> None:
    existing = _registry.get(name)
    if existing and existing != dotted_path:
        raise ValueError(f"Sweep {name!r} is already registered to {existing}")
    _registry[name] = dotted_path


def registered_names() -> list[str]:
    return sorted(_registry)


def get(name: str) -> Callable[..., SweepCounts]:
    return import_string(_registry[name])


def run(name: str, *, today: date | None = None) -> SweepResult:
    """Run one sweep under its lock, recording the outcome on its `SweepRun` row. Skipped (and
    logged) while the same sweep is running elsewhere; a failure is logged and raised (the task
    retries it with backoff)."""
    sweep = get(name)
    started = time.monotonic()
    locked_at = acquire(name)
    if locked_at is None:
        log_event(logger, "sweep.skipped", sweep=name, reason="already-running")
        return SweepResult(name=name, skipped=True)
    try:
        counts = dict(sweep(today=today or timezone.localdate()))
    except Exception as error:
        _release(name, locked_at, failed=type(error).__name__)
        log_event(
            logger,
            "sweep.failed",
            level=logging.ERROR,
            sweep=name,
            error=type(error).__name__,
            duration_ms=_elapsed_ms(started),
        )
        raise
    result = SweepResult(
        name=name, counts={key: int(value) for key, value in counts.items()}, duration_ms=_elapsed_ms(started)
    )
    _release(name, locked_at, counts=result.counts)
    log_event(logger, "sweep.finished", sweep=name, counts=result.counts, duration_ms=result.duration_ms)
    return result


def acquire(name: str) -> datetime | None:
    """Take the sweep's lock: the moment it was taken, or None while another run holds it. One
    conditional UPDATE, so two runs at the same moment cannot both take it."""
    now = timezone.now()
    if not SweepRun.objects.filter(name=name).exists():
        try:
            with transaction.atomic():
                SweepRun.objects.create(name=name)
        except IntegrityError:
            pass  # created by a run at the same moment
    taken = (
        SweepRun.objects.filter(name=name)
        .filter(Q(running_since__isnull=True) | Q(running_since__lt=now - LOCK_TIMEOUT))
        .update(running_since=now, last_started_at=now)
    )
    return now if taken else None


def _release(name: str, locked_at: datetime, *, counts: dict[str, int] | None = None, failed: str = "") -> None:
    now = timezone.now()
    outcome: dict = {"running_since": None}
    if failed:
        outcome |= {"last_failed_at": now, "last_error": failed[:100]}
    else:
        outcome |= {"last_succeeded_at": now, "last_counts": counts or {}}
    try:
        SweepRun.objects.filter(name=name, running_since=locked_at).update(**outcome)
    except DatabaseError as error:
        # The database went away with the run: the lock times out, the task's retry runs it again.
        log_event(logger, "sweep.unlock_failed", level=logging.ERROR, sweep=name, error=type(error).__name__)


def stale(*, minutes: int) -> list[str]:
    """The registered sweeps that have not succeeded in the last `minutes` (or never have)."""
    since = timezone.now() - timedelta(minutes=minutes)
    fresh = set(
        SweepRun.objects.filter(name__in=registered_names(), last_succeeded_at__gte=since).values_list(
            "name", flat=True
        )
    )
    return [name for name in registered_names() if name not in fresh]


def run_all(*, today: date | None = None) -> list[SweepResult]:
    return [run(name, today=today) for name in registered_names()]


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
