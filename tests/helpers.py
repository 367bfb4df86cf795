"""Helpers the tests share."""

import threading
import time

from django.db import connection
from django.test import Client

from portal.services import InvalidTransition


def client_for(user) -> Client:
    """A test client signed in as the user."""
    client = Client()
    client.force_login(user)
    return client


def wait_for(condition, timeout: float = 20.0) -> bool:
    """Poll until the condition holds (work done by a real Celery worker), or give up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def queries_to_get(client: Client, url: str, *, status: int = 200) -> int:
    """How many database queries one GET of the page costs (and that it answered `status`). The one
    query-count helper every test uses: compare it at 10 and at 500 rows to prove a page is flat."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return len(captured)


def demo_world():
    """The core's demo organisations, teams, users and children, for testing an app's demo seeder."""
    from portal.demo import DemoWorld, _children, _organisations, _teams, _users

    orgs = _organisations()
    teams = _teams(orgs)
    users = _users(orgs, teams)
    _children(orgs, teams, users)
    return DemoWorld(orgs=orgs, teams=teams, users=users)


def race(*actions) -> list:
    """Run the actions at the same moment, each in its own thread and database connection: each
    outcome is "decided", or the message of the InvalidTransition it was refused with."""
    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            action()
            outcomes[index] = "decided"
        except InvalidTransition as error:
            outcomes[index] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def told(**kwargs):
    """`portal.services.notify` called as a service calls it: inside the transaction of a change."""
    from django.db import transaction

    from portal import services

    with transaction.atomic():
        return services.notify(**kwargs)


def migrate_to(targets=None):
    """Take the test database to `targets` (None: the latest migrations) and return the models as they
    were there, for the migration tests that make rows at an old state and go forward again."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.migrations.executor import MigrationExecutor

    # Rows made inside the test's transaction have deferred foreign-key checks pending, and
    # PostgreSQL alters no table with pending trigger events: check them now, then defer again.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ContentType.objects.clear_cache()
    return MigrationExecutor(connection).loader.project_state(targets).apps if targets else None
