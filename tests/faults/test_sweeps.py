"""Sweeps: one run of a sweep at a time (its lock), a database error retried with backoff, the last
successful run recorded, and the health endpoints an operator alerts on."""

import threading
from datetime import timedelta

import pytest
from django.db import DatabaseError, OperationalError, connection
from django.utils import timezone

from portal import sweeps, tasks
from portal.models import SweepRun

CALLS: list[str] = []
GATE = threading.Event()
STARTED = threading.Event()


def counting_sweep(*, today):
    CALLS.append("ran")
    return {"done": 1}


def flaky_sweep(*, today):
    CALLS.append("ran")
    if len(CALLS) == 1:
        raise OperationalError("server closed the connection unexpectedly")
    return {"done": 1}


def held_sweep(*, today):
    STARTED.set()
    GATE.wait(timeout=20)
    CALLS.append("held")
    return {"done": 1}


@pytest.fixture
def registered(monkeypatch):
    CALLS.clear()
    GATE.clear()
    STARTED.clear()
    for name in ("counting", "flaky", "held"):
        monkeypatch.setitem(sweeps._registry, name, f"tests.faults.test_sweeps.{name}_sweep")
    monkeypatch.setitem(sweeps._registry, "other", "tests.faults.test_sweeps.counting_sweep")


def test_a_sweep_does_not_start_while_the_same_sweep_holds_its_lock(db, registered):
    assert sweeps.acquire("counting") is not None  # another run holds it

    result = sweeps.run("counting")

    assert result.skipped and result.summary == "sweep=counting skipped=already-running"
    assert CALLS == []
    # Another sweep is not held up by it.
    assert not sweeps.run("other").skipped and CALLS == ["ran"]


def test_a_lock_left_by_a_run_that_died_is_taken_over_after_the_timeout(db, registered):
    sweeps.acquire("counting")
    SweepRun.objects.filter(name="counting").update(
        running_since=timezone.now() - sweeps.LOCK_TIMEOUT - timedelta(seconds=1)
    )

    result = sweeps.run("counting")

    assert not result.skipped and CALLS == ["ran"]
    run = SweepRun.objects.get(name="counting")
    assert run.running_since is None and run.last_succeeded_at is not None and run.last_counts == {"done": 1}
    # Released: the next run goes ahead.
    assert not sweeps.run("counting").skipped


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_of_one_sweep_at_the_same_moment_run_it_once(postgres, registered):
    outcome = {}

    def first():
        try:
            outcome["first"] = sweeps.run("held")
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert STARTED.wait(timeout=20)
    second = sweeps.run("held")  # while the first holds the lock
    GATE.set()
    thread.join(timeout=30)

    assert second.skipped
    assert not outcome["first"].skipped
    assert CALLS == ["held"]
    assert SweepRun.objects.get(name="held").running_since is None


def test_a_sweep_failing_on_a_database_error_is_retried_and_records_its_runs(db, registered):
    task = tasks.run_sweep
    assert DatabaseError in task.autoretry_for and task.retry_backoff == 5 and task.max_retries == 5
    # As the worker runs it: the database error fails the first run, the retry succeeds.
    with pytest.raises(OperationalError):
        task("flaky")
    assert task("flaky") == {"done": 1}

    assert CALLS == ["ran", "ran"]
    run = SweepRun.objects.get(name="flaky")
    assert run.last_error == "OperationalError" and run.last_failed_at is not None
    assert run.last_succeeded_at >= run.last_failed_at and run.running_since is None
    assert tasks.run_sweep.retry_backoff and tasks.run_sweep.max_retries


# --- /healthz and /readyz -------------------------------------------------------------------------


def _all_fresh(minutes_ago: int = 0) -> None:
    at = timezone.now() - timedelta(minutes=minutes_ago)
    for name in sweeps.registered_names():
        SweepRun.objects.update_or_create(name=name, defaults={"last_succeeded_at": at})


def test_readyz_is_ready_when_the_database_answers_and_every_sweep_is_fresh(client, db):
    _all_fresh(minutes_ago=9)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "broker": "not used", "sweeps": "ok"}}


def test_readyz_fails_when_a_sweep_has_not_succeeded_for_ten_minutes(client, db):
    _all_fresh()
    SweepRun.objects.filter(name="expire_child_access").update(last_succeeded_at=timezone.now() - timedelta(minutes=11))

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["sweeps"] == {"stale": ["expire_child_access"]}
    assert client.get("/healthz").status_code == 200


def test_readyz_fails_when_a_sweep_has_never_run(client, db):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert set(response.json()["checks"]["sweeps"]["stale"]) == set(sweeps.registered_names())


def test_readyz_fails_when_the_database_is_down_and_healthz_stays_up(client, db, monkeypatch):
    _all_fresh()

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    with monkeypatch.context() as patched:
        patched.setattr("portal.health.connection.cursor", down)
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing: OperationalError"
    assert client.get("/healthz").status_code == 200


def test_readyz_checks_the_broker(client, db, settings):
    from tests import services

    _all_fresh()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "failing: ConnectionError"
    assert client.get("/healthz").status_code == 200

    url = services.redis_url()
    if url and services.redis_reachable(url):
        settings.CELERY_BROKER_URL = url
        assert client.get("/readyz").json()["checks"]["broker"] == "ok"


def test_the_lock_and_the_freshness_use_the_sweeps_own_rows(db):
    """Run by hand (`manage.py run_sweeps`), each sweep records its success, and /readyz is ready."""
    for result in sweeps.run_all():
        assert not result.skipped
    assert sweeps.stale(minutes=10) == []
    assert not SweepRun.objects.filter(running_since__isnull=False).exists()
