"""The sweep registry.

A sweep computes what is due from the tables and acts on it idempotently (DESIGN §7). Each app
registers its sweeps in its AppConfig.ready() by dotted path, so `portal` never imports a workflow
app. Celery beat runs `portal.tasks.run_all_sweeps` on a static schedule; `manage.py run_sweeps`
runs every sweep once. A sweep is called with keyword argument `today` (a date in Europe/London)
and returns a short, PII-free description of what it did.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.module_loading import import_string

_registry: dict[str, str] = {}


@dataclass(frozen=True)
class SweepResult:
    name: str
    outcome: str


def register(name: str, dotted_path: str) -> None:
    existing = _registry.get(name)
    if existing and existing != dotted_path:
        raise ValueError(f"Sweep {name!r} is already registered to {existing}")
    _registry[name] = dotted_path


def registered_names() -> list[str]:
    return sorted(_registry)


def get(name: str) -> Callable[..., str]:
    return import_string(_registry[name])


def run(name: str, *, today: date | None = None) -> SweepResult:
    sweep = get(name)
    outcome = sweep(today=today or timezone.localdate())
    return SweepResult(name=name, outcome=str(outcome))


def run_all(*, today: date | None = None) -> list[SweepResult]:
    return [run(name, today=today) for name in registered_names()]
