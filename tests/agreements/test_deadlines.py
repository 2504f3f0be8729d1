"""The deadlines agreements registers with notifications: who answers for each, read in
chunks from the values the reminders need (no model instance per row)."""

import datetime

import pytest

from agreements import deadlines as source
from agreements import services
from notifications.registry import People
from regions.models import Role

from .test_attention import SMART

pytestmark = pytest.mark.django_db

WINDOW = (datetime.date(2027, 1, 1), datetime.date(2028, 12, 31))


def by_source(items):
    return {item.source: item for item in items}


def test_each_agreement_deadline_goes_to_its_own_sectorkamer_table_and_parties(
    active, secretary, coordinator, table, zorg_table, school, school_rep, branch_rep, make_user
):
    zorg_secretary = make_user(
        Role.SECTORKAMER_SECRETARY, username="sec-zorg", sectorkamer=zorg_table.sectorkamer
    )
    zorg_coordinator = make_user(
        Role.TABLE_COORDINATOR, username="coord-zorg", regional_table=zorg_table
    )
    working_out = services.create_agreement(
        actor=coordinator, regional_table=table, parent=active, owner=school,
        **{**SMART, "level": "regional", "title": "Leerbanen Twente"},
        parties=[(school, "responsible")],
    )  # fmt: skip
    own = services.create_agreement(
        actor=zorg_coordinator, regional_table=zorg_table, owner=school,
        **{**SMART, "level": "regional", "title": "Zorgleerbanen Rijnmond"},
        parties=[(school, "responsible")],
    )  # fmt: skip
    items = by_source(source.agreement_deadlines(*WINDOW, People(datetime.date(2027, 1, 5))))
    sector = items[f"agreement:{active.pk}"]
    assert sector.who["secretary"] == {secretary.pk}
    assert sector.who["parties"] == {school_rep.pk, branch_rep.pk}  # both responsible
    assert sector.who["coordinator"] == set()
    assert sector.url == f"/afspraken/{active.pk}/"
    # a commitment working out a TGO agreement: TGO's secretary, its own table's coordinator
    commitment = items[f"agreement:{working_out.pk}"]
    assert commitment.who["secretary"] == {secretary.pk}
    assert commitment.who["coordinator"] == {coordinator.pk}
    assert commitment.who["parties"] == {school_rep.pk}
    # a table's own commitment: the table's sectorkamer
    table_own = items[f"agreement:{own.pk}"]
    assert table_own.who["secretary"] == {zorg_secretary.pk}
    assert table_own.who["coordinator"] == {zorg_coordinator.pk}
    assert {i.due for i in items.values()} == {SMART["deadline"]}


def test_rows_are_streamed_in_chunks_with_one_party_query_each(
    active, coordinator, table, school, monkeypatch, django_assert_num_queries
):
    for n in range(4):
        services.create_agreement(
            actor=coordinator, regional_table=table, parent=active, owner=school,
            **{**SMART, "level": "regional", "title": f"Leerbanen {n}"},
            parties=[(school, "responsible")],
        )  # fmt: skip
    people = People(datetime.date(2027, 1, 5))
    monkeypatch.setattr(source, "CHUNK", 2)
    # five agreements read as one stream (a server-side cursor on PostgreSQL), two at a
    # time: three chunks, each with one query for its parties
    with django_assert_num_queries(1 + 3):
        items = list(source.agreement_deadlines(*WINDOW, people))
    assert len(items) == 5
    assert all(item.who["parties"] for item in items)
