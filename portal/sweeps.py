"""The sweep registry and runner.

A sweep computes what is due from the tables and acts on it idempotently (DESIGN §7). Each app
registers its sweeps in its AppConfig.ready() by dotted path, so `portal` never imports a workflow
app. Celery beat runs `portal.tasks.run_all_sweeps` on a static schedule; `manage.py run_sweeps`
runs every sweep once. A sweep is called with keyword argument `today` (a date in Europe/London)
and returns its counts — what it raised, closed, sent… — as a mapping of names to numbers, never
anything about a person. Every run writes one structured log line (`sweep.finished` or
`sweep.failed`) with those counts and how long it took.
"""

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.module_loading import import_string

from portal.logs import log_event

logger = logging.getLogger("portal.sweeps")

# What a sweep did, by name: {"raised": 2, "closed": 0}. Counts only.
SweepCounts = Mapping[str, int]

_registry: dict[str, str] = {}


@dataclass(frozen=True)
class SweepResult:
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    duration_ms: int = 0

    @property
    def summary(self) -> str:
        """One line a person can read: `sweep=… raised=2 closed=0 duration_ms=12`."""
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
    sweep = get(name)
    started = time.monotonic()
    try:
        counts = dict(sweep(today=today or timezone.localdate()))
    except Exception as error:
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
    log_event(logger, "sweep.finished", sweep=name, counts=result.counts, duration_ms=result.duration_ms)
    return result


def run_all(*, today: date | None = None) -> list[SweepResult]:
    return [run(name, today=today) for name in registered_names()]


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
