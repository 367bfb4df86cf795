"""Rolling migrations back never silently drops another app's data (or any data): each app goes one
migration back and forward again on a seeded database with every row still there, and a roll-back
that would drop tables holding rows (`migrate portal 0002` un-applies the Early Intervention
migrations) is refused, naming them, until it is asked for knowingly."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

APPS = ["portal", "sharing", "referrals", "transfers", "early_intervention", "accounts"]


def _row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _one_back(app: str) -> str:
    loader = MigrationLoader(connection)
    (leaf,) = [node for node in loader.graph.leaf_nodes() if node[0] == app]
    parents = [parent for parent in loader.graph.node_map[leaf].parents if parent.key[0] == app]
    return parents[0].key[1] if parents else "zero"


@pytest.fixture
def seeded(postgres):
    call_command("seed_demo", verbosity=0)
    yield _row_counts()
    call_command("migrate", verbosity=0)  # whatever a test did, the next starts at the latest


def test_each_app_goes_one_migration_back_and_forward_keeping_every_row(seeded):
    for app in APPS:
        try:
            call_command("migrate", app, _one_back(app), verbosity=0)
        except CommandError as refused:
            assert "Refusing to migrate back" in str(refused), app
        call_command("migrate", verbosity=0)
        after = _row_counts()
        assert {t: n for t, n in after.items() if n != seeded.get(t)} == {}, app


def test_rolling_the_core_back_refuses_to_drop_early_intervention_moves(seeded):
    assert seeded["transfers_earlyinterventionmove"] > 0

    with pytest.raises(CommandError) as refused:
        call_command("migrate", "portal", "0002", verbosity=0)

    message = str(refused.value)
    assert "transfers_earlyinterventionmove" in message and "early_intervention" in message
    assert "PORTAL_MIGRATE_ALLOW_DATA_LOSS=1" in message
    assert _row_counts() == seeded
