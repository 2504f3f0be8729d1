"""History that can never be edited: PostgreSQL refuses UPDATE and DELETE on history tables.

History rows (django-fsm-log's transition log, django-simple-history's edit records) are
only ever inserted. A trigger makes the database itself enforce that, whatever code path
tries otherwise (a service, the admin, a shell). Other databases (the embedded SQLite
default) rely on the read-only admin and on services never writing history themselves.
"""

from django.db import migrations

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION kansrijk_history_is_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'history in % can not be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def _trigger_sql(table: str) -> str:
    return (
        f'DROP TRIGGER IF EXISTS {table}_immutable ON "{table}";'
        f'CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON "{table}" '
        "FOR EACH ROW EXECUTE FUNCTION kansrijk_history_is_immutable();"
    )


def make_immutable(*tables: str) -> migrations.RunPython:
    """A migration operation that protects ``tables`` on PostgreSQL."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(FUNCTION_SQL, params=None)
        for table in tables:
            schema_editor.execute(_trigger_sql(table), params=None)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS {table}_immutable ON "{table}";')

    return migrations.RunPython(forwards, backwards, elidable=False)
