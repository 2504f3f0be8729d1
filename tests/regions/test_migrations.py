"""Sectorkamer moved from agendas to regions, Qualification from agendas to atlas: every row and
every foreign key to them survives."""

import datetime

import pytest
from django.db import connection

from tests.migrating import latest, migrate_to

BEFORE_MOVE = [
    ("regions", "0001_initial"),
    ("agendas", "0003_immutable_history"),
    ("arbitration", "0002_immutable_history_and_award"),
]
REFERENCING_TABLES = [
    "atlas_qualification",
    "agendas_agenda",
    "regions_regionaltable",
    "regions_roleassignment",
    "arbitration_arbitrationagreement",
    "arbitration_arbiterprofile_expertise",
]


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_sectorkamer_row_and_foreign_key():
    leaves = latest()
    try:
        old = migrate_to(BEFORE_MOVE)
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

        new = migrate_to(leaves)
        Sectorkamer = new.get_model("regions", "Sectorkamer")
        assert Sectorkamer._meta.db_table == "regions_sectorkamer"
        assert sorted(Sectorkamer.objects.values_list("pk", "code", "abbreviation")) == [
            (kamer.pk, "03", "ZWS"),
            (other.pk, "05", "TGO"),
        ]
        assert new.get_model("atlas", "Qualification").objects.get().sectorkamer_id == kamer.pk
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
        migrate_to(leaves)


BEFORE_QUALIFICATION_MOVE = [
    ("regions", "0003_sectorkamer_table"),
    ("agendas", "0004_sectorkamer_moved_out"),
    ("agreements", "0005_deadline_index"),
    ("arbitration", "0003_sectorkamer_from_regions"),
]
QUALIFICATION_REFERENCES = [
    "agendas_priority_qualifications",
    "agreements_programmeofferrule_qualifications",
    "agreements_startstopnotice",
]


@pytest.mark.django_db(transaction=True)
def test_the_catalogue_moves_to_atlas_with_every_row_and_foreign_key():
    leaves = latest()
    try:
        old = migrate_to(BEFORE_QUALIFICATION_MOVE)
        kamer = old.get_model("regions", "Sectorkamer").objects.create(
            code="03", name="Zorg", abbreviation="ZWS"
        )
        OldQualification = old.get_model("agendas", "Qualification")
        first = OldQualification.objects.create(
            crebo="25655", name="Verzorgende-IG", level=3, sectorkamer=kamer
        )
        second = OldQualification.objects.create(
            crebo="25480", name="Verpleegkundige", level=4, sectorkamer=kamer
        )
        agenda = old.get_model("agendas", "Agenda").objects.create(
            sectorkamer=kamer, title="Sectoragenda", first_year=2026, last_year=2029
        )
        revision = old.get_model("agendas", "AgendaRevision").objects.create(
            agenda=agenda, year=2027
        )
        priority = old.get_model("agendas", "Priority").objects.create(
            revision=revision, kind="challenge", title="Krapte in de zorg", national=True
        )
        priority.qualifications.set([first, second])

        new = migrate_to(leaves)
        Qualification = new.get_model("atlas", "Qualification")
        assert Qualification._meta.db_table == "atlas_qualification"
        assert sorted(Qualification.objects.values_list("pk", "crebo")) == sorted(
            [(first.pk, "25655"), (second.pk, "25480")]
        )
        moved = new.get_model("agendas", "Priority").objects.get(pk=priority.pk)
        assert sorted(moved.qualifications.values_list("crebo", flat=True)) == ["25480", "25655"]
        ContentType = new.get_model("contenttypes", "ContentType")
        assert ContentType.objects.filter(app_label="atlas", model="qualification").exists()
        assert not ContentType.objects.filter(app_label="agendas", model="qualification").exists()
        with connection.cursor() as cursor:
            for table in QUALIFICATION_REFERENCES:
                constraints = connection.introspection.get_constraints(cursor, table)
                targets = {c["foreign_key"] for c in constraints.values() if c["foreign_key"]}
                assert ("atlas_qualification", "id") in targets, table
    finally:
        migrate_to(leaves)
