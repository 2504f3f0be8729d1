"""History that can never be edited: PostgreSQL refuses UPDATE and DELETE on history tables.

History rows (django-fsm-log's transition log, django-simple-history's edit records) are
only ever inserted. A trigger makes the database itself enforce that, whatever code path
tries otherwise (a service, the admin, a shell). Other databases (the embedded SQLite
default) rely on the read-only admin and on services never writing history themselves.
"""

import contextlib
import dataclasses
import datetime

from django.db import DatabaseError, connections, migrations, transaction
from django_fsm_log.models import StateLog

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION kansrijk_history_is_immutable() RETURNS trigger AS $$
BEGIN
    -- The retention run (core.retention) alone may scrub or remove history that passed its
    -- period (an anonymised dossier's claim): inside retention_deletes() only.
    IF current_setting('kansrijk.retention', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
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


def _dropping_triggers(tables, suffix: str):
    """The reverse of a trigger migration: drop each table's ``<table>_<suffix>`` trigger."""

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS {table}_{suffix} ON "{table}";')

    return backwards


def make_immutable(*tables: str) -> migrations.RunPython:
    """A migration operation that protects ``tables`` on PostgreSQL."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(FUNCTION_SQL, params=None)
        for table in tables:
            schema_editor.execute(_trigger_sql(table), params=None)

    return migrations.RunPython(forwards, _dropping_triggers(tables, "immutable"), elidable=False)


LOG_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION kansrijk_log_is_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('kansrijk.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the log in % can not be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def make_append_only(*tables: str) -> migrations.RunPython:
    """As :func:`make_immutable` for logs (the access log): no UPDATE ever, and DELETE only
    inside :func:`retention_deletes`, the retention run's transaction."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(LOG_FUNCTION_SQL, params=None)
        for table in tables:
            schema_editor.execute(
                f'DROP TRIGGER IF EXISTS {table}_append_only ON "{table}";'
                f'CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON "{table}" '
                "FOR EACH ROW EXECUTE FUNCTION kansrijk_log_is_append_only();",
                params=None,
            )

    return migrations.RunPython(forwards, _dropping_triggers(tables, "append_only"), elidable=False)


@contextlib.contextmanager
def retention_deletes(using: str = "default"):
    """Within this block (one transaction), the retention run may delete log rows whose
    period has passed; nowhere else can anything delete them."""
    with transaction.atomic(using=using):
        connection = connections[using]  # SET LOCAL: until this transaction ends
        postgresql = connection.vendor == "postgresql"
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL kansrijk.retention = 'on'")
        try:
            yield
        finally:
            # Off again, also when this block runs inside a larger transaction (after an
            # error the rollback ends it anyway).
            if postgresql:
                with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                    cursor.execute("SET LOCAL kansrijk.retention = 'off'")


@dataclasses.dataclass
class TimelineEvent:
    """One line of an object's history: a transition or an edit."""

    at: datetime.datetime
    who: object
    kind: str  # "transition" or "edit"
    action: str
    source_state: str = ""
    state: str = ""
    comment: str = ""
    subject: str = ""  # what the edit was about, e.g. a priority's title
    subject_label: str = ""  # what kind of thing that is, e.g. "priority"
    changes: list = dataclasses.field(default_factory=list)
    labelled_changes: list = dataclasses.field(default_factory=list)


def transition_events(instance) -> list[TimelineEvent]:
    """The django-fsm-log entries of ``instance`` as timeline events (one query), labelled
    by the model's transition table."""
    from .workflow import workflow_for

    labels = workflow_for(instance).history_labels
    meta = type(instance)._meta
    states = dict(meta.get_field(instance.STATE_FIELD).choices)
    return [
        TimelineEvent(
            at=log.timestamp,
            who=log.by,
            kind="transition",
            action=str(labels.get(log.transition, log.transition)),
            source_state=str(states.get(log.source_state, log.source_state)),
            state=str(states.get(log.state, log.state)),
            comment=log.description or "",
        )
        for log in StateLog.objects.filter(
            content_type__app_label=meta.app_label,
            content_type__model=meta.model_name,
            object_id=instance.pk,
        ).select_related("by")
    ]
