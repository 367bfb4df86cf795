"""Operational logs: one structured line per sweep run with its counts, task failures and service
refusals — and never a name, date of birth, NHS number or free text about a person."""

import json
import logging
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from pythonjsonlogger.json import JsonFormatter

from portal import services as core
from portal import sweeps
from portal.access import require
from portal.logs import KeyValueFormatter, log_event, record_fields
from portal.models import Child, Person, User
from tests.factories import make_child


class _Lines(logging.Handler):
    """Keeps every record the portal logs, and the same records as production (JSON) and
    development (key=value) would write them."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.json = JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")
        self.plain = KeyValueFormatter()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def text(self) -> str:
        return "\n".join(f"{self.json.format(r)}\n{self.plain.format(r)}" for r in self.records)

    def events(self, name: str) -> list[dict]:
        return [record_fields(r) for r in self.records if getattr(r, "event", None) == name]


@pytest.fixture
def lines():
    handler = _Lines()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old_level)


def _personal_details() -> set[str]:
    """Everything identifying about every child and person the demo holds, as it might be written."""
    found: set[str] = set()
    for child in Child.objects.all():
        found |= {child.first_name, child.last_name, child.nhs_number, child.address}
        if child.date_of_birth:
            found |= {child.date_of_birth.isoformat(), f"{child.date_of_birth:%-d %B %Y}"}
    for person in Person.objects.all():
        found |= {person.first_name, person.last_name}
    # Staff are people too: their names stay out of operational logs.
    for user in User.objects.all():
        found |= {user.first_name, user.last_name, user.email}
    return {value for value in found if value and len(value) > 3}


def test_a_sweep_run_prints_and_logs_one_structured_line_per_sweep_with_its_counts(db, lines, capsys):
    call_command("seed_demo")
    capsys.readouterr()
    lines.records.clear()

    call_command("run_sweeps")

    printed = capsys.readouterr().out.splitlines()
    finished = lines.events("sweep.finished")
    assert sorted(event["sweep"] for event in finished) == sweeps.registered_names()
    for event in finished:
        assert isinstance(event["duration_ms"], int)
        assert event["counts"] and all(isinstance(v, int) for v in event["counts"].values()), event
        # The printed line carries the same counts.
        (line,) = [line for line in printed if line.startswith(f"sweep={event['sweep']} ")]
        for key, value in event["counts"].items():
            assert f"{key}={value}" in line


def test_no_personal_data_in_the_logs_of_sweeps_that_do_real_work(db, lines, capsys, time_machine):
    call_command("seed_demo")
    capsys.readouterr()
    details = _personal_details()
    assert len(details) > 50  # the demo holds plenty to leak

    # Weeks later every clock in the demo is overdue: the sweeps raise, remind, expire and send.
    time_machine.move_to(timezone.now() + timedelta(days=40))
    lines.records.clear()
    call_command("run_sweeps")
    counts = {event["sweep"]: event["counts"] for event in lines.events("sweep.finished")}
    assert sum(sum(c.values()) for c in counts.values()) > 0, counts

    written = lines.text()
    leaked = sorted(value for value in details if value in written)
    assert leaked == []


def broken_sweep(*, today):
    raise ValueError("Key (nhs_number)=(9990000018) already exists")


def test_a_failing_sweep_logs_the_error_class_not_its_message(db, lines, monkeypatch):
    monkeypatch.setitem(sweeps._registry, "broken_for_the_test", "tests.portal.test_logs.broken_sweep")
    with pytest.raises(ValueError):
        sweeps.run("broken_for_the_test")
    (event,) = lines.events("sweep.failed")
    assert event["sweep"] == "broken_for_the_test" and event["error"] == "ValueError"
    assert "9990000018" not in lines.text()


def test_a_service_refusal_is_logged_with_the_service_and_without_the_message(lines):
    def child_secret_read():
        require(False, "You cannot see Amelia Example-Family's record")

    with pytest.raises(PermissionDenied):
        child_secret_read()
    (event,) = lines.events("service.refused")
    # The app (the caller module's top package) and the function, wherever in the app it lives.
    assert event["service"].startswith("tests.") and event["service"].endswith(".child_secret_read")
    assert "Amelia" not in lines.text()


def test_task_failures_are_logged_without_the_exception_message(lines):
    from celery import shared_task

    @shared_task(name="tests.failing_task")
    def failing_task():
        raise RuntimeError("Amelia Example-Family, 9990000018")

    assert failing_task.apply(throw=False).failed()
    (event,) = lines.events("task.failed")
    assert event["task"] == "tests.failing_task" and event["error"] == "RuntimeError"
    assert event["where"].startswith("test_logs.py:")
    assert "Amelia" not in lines.text() and "9990000018" not in lines.text()


def test_log_lines_are_json_in_production_and_key_value_in_development():
    record = logging.LogRecord("portal.sweeps", logging.INFO, __file__, 1, "sweep.finished", (), None)
    for key, value in {"event": "sweep.finished", "sweep": "x", "counts": {"raised": 2}, "duration_ms": 5}.items():
        setattr(record, key, value)
    as_json = json.loads(JsonFormatter("%(levelname)s %(name)s %(message)s").format(record))
    assert as_json["counts"] == {"raised": 2} and as_json["message"] == "sweep.finished"
    assert KeyValueFormatter().format(record).endswith("sweep.finished sweep=x counts=raised:2 duration_ms=5")


def test_log_event_passes_fields_as_structure_not_text(lines):
    log_event(logging.getLogger("portal.test"), "thing.happened", count=3)
    (event,) = lines.events("thing.happened")
    assert event == {"event": "thing.happened", "count": 3}


def test_a_refusal_names_the_app_and_service_wherever_the_service_module_lives(setup, lines):
    # Services split into packages (portal/services/children.py) still log `<app>.<service>`.
    north = setup.north
    child = make_child(worker=north.social_worker, team=north.cin)
    with pytest.raises(PermissionDenied):
        core.child_allocate(actor=north.social_worker, child=child, team=north.cin, worker=None)
    (event,) = lines.events("service.refused")
    assert event["service"] == "portal.child_allocate"
