"""What the suite needs from the machine, and the policy when it is missing.

Locally, a test that needs PostgreSQL, Redis or Chromium skips when the service is missing. With
PORTAL_REQUIRE_SERVICES=1 (CI) a missing service is a failure: nothing can quietly skip.
"""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"]


def services_required() -> bool:
    return os.environ.get("PORTAL_REQUIRE_SERVICES") == "1"


def missing(what: str) -> None:
    """Skip (locally) or fail (CI) a test whose service is missing."""
    if services_required():
        pytest.fail(f"{what} is required (PORTAL_REQUIRE_SERVICES=1) but is not available", pytrace=False)
    pytest.skip(f"{what} is not available")


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


def redis_reachable(url: str) -> bool:
    if not url:
        return False
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=2):
            return True
    except OSError:
        return False


def chromium_path() -> str | None:
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


def using_postgres() -> bool:
    return connection.vendor == "postgresql"


def database_description() -> str:
    return settings.DATABASES["default"]["ENGINE"]
