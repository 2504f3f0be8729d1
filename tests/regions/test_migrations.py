"""Sectorkamer moved from agendas to regions: every row and every foreign key to it survives."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_MOVE = [
    ("regions", "0001_initial"),
    ("agendas", "0003_immutable_history"),
    ("arbitration", "0002_immutable_history_and_award"),
]
REFERENCING_TABLES = [
    "agendas_qualification",
    "agendas_agenda",
    "regions_regionaltable",
    "regions_roleassignment",
    "arbitration_arbitrationagreement",
    "arbitration_arbiterprofile_expertise",
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_sectorkamer_row_and_foreign_key():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE_MOVE)
        OldSectorkamer = old.get_model("agendas", "Sectorkamer")
        kamer = OldSectorkamer.objects.create(code="03", name="Zorg", abbreviation="ZWS")
        other = OldSectorkamer.objects.create(code="05", name="Techniek", abbreviation="TGO")
        old.get_model("agendas", "Qualification").objects.create(
            crebo="25655", name="Verzorgende-IG", level=3, sectorkamer=kamer
        )
        agenda = old.get_model("agendas", "Agenda").objects.create(
            sectorkamer=kamer, title="Sectoragenda", first_year=2026, last_year=2029
        )
        table = old.get_model("regions", "RegionalTable").objects.create(
            name="Rotterdamse Zorg", sectorkamer=other
        )
        user = old.get_model("regions", "User").objects.create(username="secretaris")
        old.get_model("regions", "RoleAssignment").objects.create(
            user=user,
            role="sectorkamer_secretary",
            sectorkamer=kamer,
            valid_from=datetime.date(2026, 1, 1),
        )
        arbiter = old.get_model("arbitration", "ArbiterProfile").objects.create(user=user)
        arbiter.expertise.set([kamer, other])

        new = _migrate(leaves)
        Sectorkamer = new.get_model("regions", "Sectorkamer")
        assert Sectorkamer._meta.db_table == "regions_sectorkamer"
        assert sorted(Sectorkamer.objects.values_list("pk", "code", "abbreviation")) == [
            (kamer.pk, "03", "ZWS"),
            (other.pk, "05", "TGO"),
        ]
        assert new.get_model("agendas", "Qualification").objects.get().sectorkamer_id == kamer.pk
        assert new.get_model("agendas", "Agenda").objects.get(pk=agenda.pk).sectorkamer.code == "03"
        assert new.get_model("regions", "RegionalTable").objects.get().sectorkamer.code == "05"
        assignment = new.get_model("regions", "RoleAssignment").objects.get()
        assert assignment.sectorkamer.abbreviation == "ZWS"
        profile = new.get_model("arbitration", "ArbiterProfile").objects.get()
        assert sorted(profile.expertise.values_list("code", flat=True)) == ["03", "05"]
        ContentType = new.get_model("contenttypes", "ContentType")
        assert not ContentType.objects.filter(app_label="agendas", model="sectorkamer").exists()
        # The foreign keys are real constraints that point at the renamed table.
        with connection.cursor() as cursor:
            for table in REFERENCING_TABLES:
                constraints = connection.introspection.get_constraints(cursor, table)
                targets = {c["foreign_key"] for c in constraints.values() if c["foreign_key"]}
                assert ("regions_sectorkamer", "id") in targets, table
    finally:
        _migrate(leaves)
