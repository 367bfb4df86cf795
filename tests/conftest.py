import os

import pytest
from django.core.cache import cache

from tests import services
from tests.factories import Setup, build_setup


def pytest_configure(config):
    # Locally the test database is kept between runs (new migrations are still applied); CI always
    # builds it afresh. `--create-db` rebuilds it by hand.
    if not os.environ.get("CI") and not config.getoption("create_db", default=False):
        config.option.reuse_db = True


def pytest_sessionstart(session):
    # In CI the database must be PostgreSQL: a suite that silently ran on SQLite proves less.
    if services.services_required():
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
            raise pytest.UsageError("PORTAL_REQUIRE_SERVICES=1 needs DATABASE_URL pointing at PostgreSQL")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """pytest-django's set-up, and on a kept database, its migration data put back at the end.

    Browser and worker tests flush the database when they finish; a database kept for the next run
    would start it without the role groups and reference data the migrations made. Put back what
    was serialised when the run began (as serialized rollback does before each such test)."""
    yield
    if not request.config.option.reuse_db:
        return
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM auth_group")
                emptied = cursor.fetchone()[0] == 0
            if contents and emptied:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _the_same_fake_names_every_run(request):
    """Faker's names are seeded from the test's id, so a test sees the same people every run.

    Unseeded, a test that checks a short word is absent from a page failed one CI run in many,
    when the signed-in user happened to be called "Adam"; a seeded test passes or fails every time."""
    import zlib

    import factory.random

    factory.random.reseed_random(zlib.crc32(request.node.nodeid.encode()))


@pytest.fixture(autouse=True)
def _notify_needs_its_own_transaction(monkeypatch):
    """`notify` refuses to write outside a transaction; inside a test the test's own transaction
    would hide a service that forgot to open one, so only a transaction the code opened counts."""
    from django.db import transaction

    from portal.services import notifications

    def opened_by_the_code() -> bool:
        blocks = transaction.get_connection().atomic_blocks
        return any(not getattr(block, "_from_testcase", False) for block in blocks)

    monkeypatch.setattr(notifications, "in_transaction", opened_by_the_code)


@pytest.fixture(autouse=True)
def _clean_cache():
    yield
    cache.clear()


@pytest.fixture
def setup(db) -> Setup:
    """Two local authorities with MAST, CIN and early help teams, and a user for every role."""
    return build_setup()


@pytest.fixture
def postgres(db):
    if not services.using_postgres():
        services.missing("PostgreSQL (DATABASE_URL)")


@pytest.fixture
def chromium_executable() -> str:
    path = services.chromium_path()
    if not path:
        services.missing("Chromium (/usr/bin/chromium)")
    return path


@pytest.fixture
def browser(chromium_executable, monkeypatch):
    # Tests that open their own contexts on the live server must also use
    # `django_db_serialized_rollback` (as `page` does), so the role groups made by migrations
    # survive the flush that ends every transactional test.
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, args=services.CHROMIUM_ARGS)
        yield browser
        _close_connections_opened_under_playwright()
        browser.close()


def _close_connections_opened_under_playwright() -> None:
    """ORM calls made while Playwright's loop runs get their own connection: close it, or the test
    database cannot be dropped at the end of the run."""
    from django.db import connections

    connections.close_all()


@pytest.fixture
def screenshots(request):
    """Where browser tests save what a person would have seen (test-artifacts/, not committed)."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "test-artifacts" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    _close_connections_opened_under_playwright()


@pytest.fixture
def celery_worker(transactional_db, django_db_serialized_rollback):
    """A real Celery worker (in a thread) consuming from Redis: not eager mode, which hides
    serialisation and retry bugs (DESIGN §7)."""
    url = services.redis_url()
    if not services.redis_reachable(url):
        services.missing("Redis (REDIS_URL)")
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun

    from config.celery import app

    # The broker is REDIS_URL already (settings); the test settings only make ordinary tests eager.
    assert app.conf.broker_url == url, "CELERY_BROKER_URL should come from REDIS_URL"
    app.conf.task_always_eager = False
    # As Celery's Django fixup does in a real worker: no database connection outlives its task.
    task_postrun.connect(_close_worker_connection)
    # Leftovers from an earlier run must not be mistaken for this test's work.
    app.control.purge()
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"
        ) as worker:
            yield worker
    finally:
        app.conf.task_always_eager = True
        task_postrun.disconnect(_close_worker_connection)


def _close_worker_connection(**kwargs):
    from django.db import connections

    connections.close_all()
