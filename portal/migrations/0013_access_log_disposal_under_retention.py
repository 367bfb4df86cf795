"""The access log stays append-only (0005), with one deliberate exception: a retention disposal
(issue 17) may DELETE rows of `portal_accessevent` and `portal_historicalaccessevent` while the
disposing transaction has set `portal.retention_disposal` to `on` with SET LOCAL (set_config(...,
true)), which `portal.access_retention.dispose` does and clears again straight after. UPDATE is
refused always; the other append-only tables (the child's history, the grants' history) keep the
strict trigger. PostgreSQL only, as 0005: SQLite (`make run`) has no triggers to change."""

from django.db import migrations

DISPOSABLE_TABLES = ["portal_accessevent", "portal_historicalaccessevent"]

FUNCTION = """
CREATE OR REPLACE FUNCTION portal_refuse_change_unless_disposal() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('portal.retention_disposal', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def _retrigger(schema_editor, function: str) -> None:
    for table in DISPOSABLE_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        )


def allow_disposal(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    _retrigger(schema_editor, "portal_refuse_change_unless_disposal")


def refuse_disposal(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    _retrigger(schema_editor, "portal_refuse_change")
    schema_editor.execute("DROP FUNCTION IF EXISTS portal_refuse_change_unless_disposal()")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0012_escalation_kinds_of_round_16_17"),
    ]

    operations = [migrations.RunPython(allow_disposal, refuse_disposal)]
