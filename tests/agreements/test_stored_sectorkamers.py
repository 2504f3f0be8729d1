"""The sectorkamers an agreement is stored with (the board and the API filter on them) and its
progress (the roll-ups sum it): derived as the rule says, kept when the agreement moves, its
table does or a report comes in, and filled in for every agreement there was by the
migrations that added them."""

from decimal import Decimal

import pytest

from agreements import services
from agreements.models import Agreement
from agreements.selectors import of_sectorkamers
from regions import services as region_services
from regions.models import Arbeidsmarktregio, RegionalTable, Sectorkamer
from tests.migrating import latest, migrate_to

from .test_attention import SMART


@pytest.fixture
def twente(tgo):
    table = RegionalTable.objects.create(name="Techniek Twente", sectorkamer=tgo)
    table.regions.set([Arbeidsmarktregio.objects.get(code="AM05")])
    return table


@pytest.fixture
def twente_coordinator(make_user, twente):
    from regions.models import Role

    return make_user(Role.TABLE_COORDINATOR, regional_table=twente)


def commitment(actor, table, school, parent=None, title="Leerbanen Twente"):
    return services.create_agreement(
        actor=actor, regional_table=table, parent=parent, owner=school,
        **{**SMART, "level": "regional", "title": title}, parties=[(school, "responsible")],
    )  # fmt: skip


def stored(agreement):
    return Agreement.objects.values_list("sectorkamer__code", "table_sectorkamer__code").get(
        pk=agreement.pk
    )


def codes(*kamers):
    return set(
        Agreement.objects.filter(
            of_sectorkamers(Sectorkamer.objects.filter(code__in=kamers))
        ).values_list("title", flat=True)
    )


@pytest.mark.django_db
def test_each_kind_is_stored_with_its_sectorkamers_and_found_by_them(
    active, twente_coordinator, twente, zorg_table, school, make_user
):
    from regions.models import Role

    tgo = twente.sectorkamer.code  # active is a TGO sector agreement
    zorg_coordinator = make_user(Role.TABLE_COORDINATOR, regional_table=zorg_table)
    working_out = commitment(twente_coordinator, twente, school, parent=active)
    across = commitment(zorg_coordinator, zorg_table, school, parent=active, title="Over de grens")
    own = commitment(zorg_coordinator, zorg_table, school, title="Zorgleerbanen")
    assert stored(active) == (tgo, None)
    assert stored(working_out) == (tgo, tgo)
    assert stored(across) == (tgo, "03")  # works out TGO's agenda, at a Zorg table
    assert stored(own) == ("03", "03")
    assert codes(tgo) == {active.title, working_out.title, across.title}
    assert codes("03") == {across.title, own.title}
    assert codes("02") == set()
    assert Agreement.objects.get(pk=across.pk).sectorkamer_id == active.sectorkamer_id


@pytest.mark.django_db
def test_the_stored_sectorkamers_follow_a_move_and_the_tables_sectorkamer(
    active, twente_coordinator, twente, zorg_table, school, staff, django_assert_num_queries
):
    own = commitment(twente_coordinator, twente, school, title="Eigen afspraak")
    working_out = commitment(twente_coordinator, twente, school, parent=active)
    # an ordinary save asks no query to derive them: its UPDATE and its history row
    loaded = Agreement.objects.get(pk=own.pk)
    with django_assert_num_queries(2):
        loaded.save(update_fields=["title"])
    # moved to the Zorg table: derived again
    loaded.regional_table = zorg_table
    loaded.save(update_fields=["regional_table"])
    assert stored(own) == ("03", "03")
    # the TGO table moves to another sectorkamer: its commitments follow; a commitment
    # working out a TGO agreement keeps serving TGO's agenda
    region_services.update_regional_table(
        actor=staff, table=twente, sectorkamer=Sectorkamer.objects.get(code="02")
    )
    assert stored(working_out) == (active.sectorkamer.code, "02")
    region_services.update_regional_table(actor=staff, table=zorg_table, sectorkamer=None)
    assert stored(own) == (None, None)


BEFORE = [("agreements", "0007_table_input")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_them_in_for_every_agreement_there_was():
    leaves = latest()
    try:
        old = migrate_to(BEFORE)
        kamer = old.get_model("regions", "Sectorkamer")
        tgo = kamer.objects.create(code="05", name="Techniek", abbreviation="TGO")
        zorg = kamer.objects.create(code="03", name="Zorg", abbreviation="ZWS")
        agenda = old.get_model("agendas", "Agenda").objects.create(
            sectorkamer=tgo, title="Techniek", first_year=2026, last_year=2029
        )
        revision = old.get_model("agendas", "AgendaRevision").objects.create(
            agenda=agenda, year=2027
        )
        priority = old.get_model("agendas", "Priority").objects.create(
            revision=revision, kind="challenge", title="Tekort aan technici", sectoral=True
        )
        table = old.get_model("regions", "RegionalTable")
        twente = table.objects.create(name="Twente", sectorkamer=tgo)
        rijnmond = table.objects.create(name="Rijnmond", sectorkamer=zorg)
        loose = table.objects.create(name="Zonder sectorkamer")
        owner = old.get_model("regions", "Organisation").objects.create(
            name="Albeda", kind="mbo_institution", institution_code="00GT"
        )
        make = old.get_model("agreements", "Agreement").objects.create
        common = {"owner": owner, "level": "regional", "category": "internships"}
        sector = make(
            priority=priority, title="Sector", baseline_value=0, target_value=400,
            latest_value=149, **common,
        )  # fmt: skip
        rows = {
            "sector": sector,
            "working out": make(regional_table=twente, parent=sector, title="Uit", **common),
            "across": make(regional_table=rijnmond, parent=sector, title="Over", **common),
            "own": make(regional_table=rijnmond, title="Eigen", **common),
            "loose": make(regional_table=loose, title="Los", **common),
        }
        new = migrate_to(leaves)
        agreements = new.get_model("agreements", "Agreement").objects
        found = {
            name: agreements.values_list("sectorkamer_id", "table_sectorkamer_id").get(pk=row.pk)
            for name, row in rows.items()
        }
        assert found == {
            "sector": (tgo.pk, None),
            "working out": (tgo.pk, tgo.pk),
            "across": (tgo.pk, zorg.pk),
            "own": (zorg.pk, zorg.pk),
            "loose": (None, None),
        }
        # and the stored progress, to 0.1 half-even as Decimal rounds (37.25 -> 37.2)
        progress = dict(agreements.values_list("title", "progress"))
        assert progress == {"Sector": Decimal("37.2"), "Uit": None, "Over": None,
                            "Eigen": None, "Los": None}  # fmt: skip
    finally:
        migrate_to(leaves)


@pytest.mark.django_db
def test_the_stored_progress_follows_the_values_and_each_report(active, school_rep):
    from agreements.selectors import progress_percentage

    def progress():
        agreement = Agreement.objects.get(pk=active.pk)
        assert agreement.progress == progress_percentage(agreement, agreement.latest_value)
        return agreement.progress

    assert progress() is None  # no report yet
    services.report_progress(
        actor=school_rep, agreement=active, value=Decimal("150"), status="on_track",
        period_start=active.start_date, period_end=active.start_date.replace(month=4),
    )  # fmt: skip
    assert progress() == Decimal("50.0")  # from 100 to 200
    services.report_progress(
        actor=school_rep, agreement=active, value=Decimal("260"), status="on_track",
        period_start=active.start_date.replace(month=5),
        period_end=active.start_date.replace(month=7),
    )  # fmt: skip
    assert progress() == Decimal("100.0")  # beyond the target: capped
    loaded = Agreement.objects.get(pk=active.pk)
    loaded.target_value = Decimal("500")
    loaded.save(update_fields=["target_value"])
    assert progress() == Decimal("40.0")
