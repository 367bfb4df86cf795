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
