"""Rolling migrations back never silently drops data.

Migrating one app back un-applies every migration, in any app, that depends on the ones undone:
`migrate portal 0002` un-applies the Early Intervention migrations that depend on portal 0003, and
un-applying a migration that created a table drops the table. Before `migrate` runs a plan, this
looks at every migration it would un-apply; if one would drop a table that holds rows, it refuses,
naming the tables, the rows and the migrations (of whichever app). Back the database up first
(docs/operations.md) and set PORTAL_MIGRATE_ALLOW_DATA_LOSS=1 to go ahead knowingly.

Generic: it reads the migration operations, never a workflow app's models.
"""

import os

from django.core.management.base import CommandError
from django.db import connections
from django.db.migrations.operations import CreateModel, SeparateDatabaseAndState

ALLOW = "PORTAL_MIGRATE_ALLOW_DATA_LOSS"


def refuse_dropping_rows(sender=None, *, plan=None, using: str = "default", **kwargs) -> None:
    if not plan or os.environ.get(ALLOW) == "1":
        return
    undone = [migration for migration, backwards in plan if backwards]
    if not undone:
        return
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    losses: list[str] = []
    for migration in undone:
        for table in _tables_created(migration):
            if table not in existing:
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                rows = cursor.fetchone()[0]
            if rows:
                losses.append(f"{table} ({rows} rows, {migration.app_label}.{migration.name})")
    if losses:
        apps = sorted({migration.app_label for migration in undone})
        raise CommandError(
            "Refusing to migrate back: it would un-apply migrations of "
            + ", ".join(apps)
            + " and drop tables that hold data: "
            + "; ".join(losses)
            + f". Back up first (docs/operations.md), then set {ALLOW}=1 to go ahead."
        )


def _tables_created(migration) -> list[str]:
    tables = []
    for operation in _database_operations(migration.operations):
        if isinstance(operation, CreateModel):
            table = operation.options.get("db_table") or f"{migration.app_label}_{operation.name_lower}"
            tables.append(table)
    return tables


def _database_operations(operations):
    for operation in operations:
        if isinstance(operation, SeparateDatabaseAndState):
            yield from _database_operations(operation.database_operations)
        else:
            yield operation
