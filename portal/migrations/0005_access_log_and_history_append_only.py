"""On PostgreSQL the access log and the access history are append-only (DESIGN §6, issue 11): a
trigger refuses every UPDATE and DELETE, whoever asks — the portal, the admin or a database session.
(TRUNCATE, which only a database owner can run, is left for test databases and restores.)"""

from django.db import migrations

APPEND_ONLY_TABLES = [
    "portal_accessevent",
    "portal_historicalaccessevent",
    "portal_historicalchildaccessgrant",
    "portal_historicalchild",
]

FUNCTION = """
CREATE OR REPLACE FUNCTION portal_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def add_triggers(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION portal_refuse_change()"
        )


def remove_triggers(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in APPEND_ONLY_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS portal_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_access_ledger_protected_and_reads_logged")]

    operations = [migrations.RunPython(add_triggers, remove_triggers)]
