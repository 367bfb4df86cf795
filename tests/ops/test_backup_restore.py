"""The backup and restore procedure in docs/operations.md, run as written: a seeded database and its
uploaded files are backed up with ops/backup, restored with ops/restore into a new database, and
compared table by table and record by record."""

import os
import stat
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from portal.models import Child
from tests import services

ROOT = Path(__file__).resolve().parents[2]


def _url(name: str) -> str:
    s = connection.settings_dict
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgresql://{s['USER']}{password}@{host}:{port}/{name}"


def _table_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as db:
        tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in sorted(tables)}  # noqa: S608


def _sample(url: str) -> list[tuple]:
    with psycopg.connect(url) as db:
        return db.execute(
            "SELECT id, first_name, last_name, nhs_number, date_of_birth, tier FROM portal_child ORDER BY id"
        ).fetchall()


def _run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the project's own scripts, fixed arguments
        [str(ROOT / "ops" / script), *args],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def restored_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = _url("postgres")
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    yield _url(name)
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_a_backup_restores_into_a_new_database_with_every_row_and_file(
    transactional_db, django_db_serialized_rollback, restored_database, tmp_path
):
    if not services.using_postgres():
        services.missing("PostgreSQL (DATABASE_URL)")
    call_command("seed_demo", verbosity=0)
    source = _url(connection.settings_dict["NAME"])
    assert Child.objects.count() > 20

    media = tmp_path / "media"
    (media / "transfers").mkdir(parents=True)
    upload = media / "transfers" / "case-transfer-summary.pdf"
    upload.write_bytes(b"%PDF-1.7 a summary")
    upload.chmod(0o600)

    backup = tmp_path / "backup"
    made = _run("backup", str(backup), env={"DATABASE_URL": source, "MEDIA_ROOT": str(media)})
    assert made.returncode == 0, made.stderr
    assert {p.name for p in backup.iterdir()} == {"database.dump", "media.tar.gz", "MANIFEST"}

    restored_media = tmp_path / "restored-media"
    done = _run("restore", str(backup), env={"DATABASE_URL": restored_database, "MEDIA_ROOT": str(restored_media)})
    assert done.returncode == 0, done.stderr

    before, after = _table_counts(source), _table_counts(restored_database)
    assert after == before
    assert sum(before.values()) > 1000  # the demo's rows, history and permissions
    assert _sample(restored_database) == _sample(source)

    copy = restored_media / "transfers" / "case-transfer-summary.pdf"
    assert copy.read_bytes() == upload.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600

    # Restoring over a database that holds data is refused, and a tampered backup is refused.
    again = _run("restore", str(backup), env={"DATABASE_URL": restored_database, "MEDIA_ROOT": str(restored_media)})
    assert again.returncode != 0 and "not empty" in again.stderr
    (backup / "database.dump").write_bytes(b"tampered")
    tampered = _run("restore", str(backup), env={"DATABASE_URL": source, "MEDIA_ROOT": str(restored_media)})
    assert tampered.returncode != 0
