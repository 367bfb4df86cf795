"""Helpers the tests share."""

import time

from django.test import Client


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
