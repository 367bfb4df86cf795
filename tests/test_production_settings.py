"""What config.settings.production decides, checked by loading it in a fresh process as a server
would (it reads its secrets from the environment)."""

import json
import sqlite3
import subprocess
import sys

import pytest

PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-for-the-check-0123456789",
    "ALLOWED_HOSTS": "portal.example.org",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.org:587",
    "PATH": "/usr/bin:/bin",
}


def manage(*arguments: str, tmp_path, **environment: str) -> subprocess.CompletedProcess:
    env = {**PRODUCTION_ENVIRONMENT, "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}", **environment}
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *arguments], capture_output=True, text=True, env=env, check=False
    )


def production_setting(name: str, tmp_path, **environment: str):
    code = f"import json; from django.conf import settings; print(json.dumps(settings.{name}))"
    result = manage("shell", "--no-imports", "-c", code, tmp_path=tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_requires_two_factor_sign_in_unless_told_otherwise(tmp_path):
    assert production_setting("PORTAL_REQUIRE_2FA", tmp_path) is True
    assert production_setting("PORTAL_REQUIRE_2FA", tmp_path, PORTAL_REQUIRE_2FA="off") is False


def test_production_ends_idle_sessions_after_30_minutes_and_keeps_the_absolute_limit(tmp_path):
    assert production_setting("PORTAL_IDLE_TIMEOUT_SECONDS", tmp_path) == 30 * 60
    assert production_setting("PORTAL_IDLE_TIMEOUT_SECONDS", tmp_path, PORTAL_IDLE_TIMEOUT_MINUTES="15") == 15 * 60
    assert production_setting("SESSION_COOKIE_AGE", tmp_path) == 8 * 60 * 60


@pytest.mark.parametrize("environment", [{}, {"DEBUG": "on"}])
def test_seed_demo_refuses_to_run_under_production_settings(tmp_path, environment):
    result = manage("seed_demo", tmp_path=tmp_path, **environment)
    assert result.returncode != 0
    assert "seed_demo refuses to run under production settings" in result.stderr
    assert "safeguarding-demo-2026" not in result.stdout + result.stderr
    # Nothing was written (Django's checks may open the database, but find nothing to read).
    database = tmp_path / "production.sqlite3"
    if database.exists():
        with sqlite3.connect(database) as connection:
            assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
