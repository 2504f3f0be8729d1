"""Migration tests: move the test database to a set of migrations and back."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate to ``targets`` and return the apps (historical models) of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def latest():
    """The latest migration of every app (where a test must leave the database)."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
