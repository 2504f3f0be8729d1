"""Every filter the pages offer is served by an index: for each, the table has an index
whose leading columns are exactly the filtered columns (read from the database catalogue,
so it holds whatever the planner picks on a small test table). The free-text search (`q`,
icontains) is the exception: a trigram index would serve it once the data asks for it.
bench/ checks the plans at scale."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

# (what the UI filters on, table, the filtered columns)
FILTERS = [
    ("board: state", "agreements_agreement", {"state"}),
    ("board: state and deadline", "agreements_agreement", {"state", "deadline"}),
    ("board: category", "agreements_agreement", {"category"}),
    ("board: owner", "agreements_agreement", {"owner_id"}),
    ("board: party", "agreements_agreementparty", {"organisation_id"}),
    ("board: regional table", "agreements_agreement", {"regional_table_id"}),
    ("board: deadline window", "agreements_agreement", {"deadline"}),
    ("board: latest progress", "agreements_agreement", {"state", "latest_status"}),
    ("board: priority", "agreements_agreement", {"priority_id"}),
    ("board: region", "regions_regionaltable_regions", {"arbeidsmarktregio_id"}),
    ("reminders: reports due", "agreements_agreement", {"state", "next_report_due"}),
    ("reminders: milestones", "agreements_milestone", {"agreement_id"}),
    ("ratification queue", "agendas_agendarevision", {"state"}),
    ("public register: state", "agreements_agreement", {"state"}),
    ("public register: category", "agreements_agreement", {"category"}),
    ("public register: ratified agendas", "agendas_agendarevision", {"state"}),
    ("notices: state and year", "agreements_startstopnotice", {"state", "study_year"}),
    ("notices: institution", "agreements_startstopnotice", {"institution_id"}),
    ("conflicts: open", "agreements_noticeconflict", {"resolution"}),
    ("docket: state", "arbitration_dossier", {"state"}),
    ("deadlines: open", "arbitration_proceduraldeadline", {"met_at", "due"}),
    ("notification centre", "notifications_notification", {"recipient_id", "created_at"}),
    ("unread badge", "notifications_notification", {"recipient_id", "read_at"}),
    ("email relay", "notifications_notification", {"email_status"}),
]


def indexes(table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]


@pytest.mark.parametrize(("name", "table", "columns"), FILTERS, ids=[f[0] for f in FILTERS])
def test_the_filter_is_served_by_an_index(name, table, columns):
    found = indexes(table)
    assert any(set(index[: len(columns)]) == columns for index in found), (
        f"{name}: no index leading with {sorted(columns)} on {table}; indexes: {found}"
    )
