"""The access log of confidential arbitration content: every opening of a dossier, its award,
its panel notes or a document, through a page, the API or management, writes who, when, what
and from where in the same request; the database refuses to change it; the secretariat reads
and exports a dossier's log, a party sees who of the panel and secretariat opened documents."""

import csv
import io

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from arbitration import services
from arbitration.models import AccessLogEntry
from core.history import retention_deletes

from .conftest import pdf

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def document(proposed_panel, school_rep):
    return services.upload_document(
        actor=school_rep, dossier=proposed_panel, title="Conclusie van eis",
        visibility="all", uploaded_file=pdf(),
    )  # fmt: skip


def _entries():
    return list(AccessLogEntry.objects.order_by("pk"))


def test_the_dossier_page_logs_the_dossier_and_the_panel_notes_it_shows(
    client, proposed_panel, arbiters, school_rep
):
    arbiter = arbiters[0].user
    client.force_login(arbiter)
    response = client.get(reverse("arbitration:dossier_detail", args=[proposed_panel.pk]),
                          REMOTE_ADDR="192.0.2.10")  # fmt: skip
    assert response.status_code == 200
    [dossier, notes] = _entries()
    assert (dossier.user, dossier.kind, dossier.channel, dossier.address) == (
        arbiter, "dossier", "page", "192.0.2.10"
    )  # fmt: skip
    assert dossier.dossier == proposed_panel and dossier.label == proposed_panel.reference
    assert dossier.roles == "panel" and notes.kind == "panel_notes"

    client.force_login(school_rep)  # a party sees no panel notes: none logged
    client.get(reverse("arbitration:dossier_detail", args=[proposed_panel.pk]))
    assert [e.kind for e in _entries()[2:]] == ["dossier"]
    assert _entries()[2].roles == "author,claimant"


def test_downloads_are_logged_through_the_page_and_the_api(client, document, arbiters, clerk):
    arbiter = arbiters[0].user
    client.force_login(arbiter)
    assert (
        client.get(reverse("arbitration:document_download", args=[document.pk])).status_code == 200
    )
    api = _api(clerk)
    assert api.get(f"/api/v1/arbitration/documents/{document.pk}/download/").status_code == 200
    assert api.get(f"/api/v1/arbitration/documents/{document.pk}/").status_code == 200
    rows = [(e.user, e.kind, e.channel, e.document_id, e.label) for e in _entries()]
    from tests.reliability import record

    record("security", "access log: a download through the page, one through the API, and "
           "the API's document record", probes=3, rows_written=len(rows))  # fmt: skip
    label = "Conclusie van eis (v1)"
    assert rows == [
        (arbiter, "download", "page", document.pk, label),
        (clerk, "download", "api", document.pk, label),
        (clerk, "document", "api", document.pk, label),
    ]


def test_a_list_is_one_entry_not_one_per_row(document, clerk, django_assert_num_queries):
    api = _api(clerk)
    assert api.get("/api/v1/arbitration/dossiers/").status_code == 200
    assert api.get("/api/v1/arbitration/documents/?visibility=all").status_code == 200
    [dossiers, documents] = _entries()
    from tests.reliability import record

    record("security", "access log: two lists (dossiers, documents) through the API",
           probes=2, rows_written=len(_entries()))  # fmt: skip
    assert (dossiers.kind, dossiers.dossier, dossiers.label) == (
        "list", None, "/api/v1/arbitration/dossiers/ (1)"
    )  # fmt: skip
    assert documents.label == "/api/v1/arbitration/documents/?visibility=all (1)"


def test_a_dossier_through_the_api_logs_it_and_its_award(heard, constituted, clerk):
    api = _api(clerk)
    assert api.get(f"/api/v1/arbitration/dossiers/{heard.pk}/").status_code == 200
    assert [e.kind for e in _entries()] == ["dossier"]  # no award yet


def test_management_logs_what_it_shows(client, proposed_panel, clerk):
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)
    assert client.get("/admin/arbitration/dossier/").status_code == 200
    url = f"/admin/arbitration/dossier/{proposed_panel.pk}/change/"
    assert client.get(url).status_code == 200
    assert [(e.kind, e.channel) for e in _entries()] == [("list", "admin"), ("dossier", "admin")]


def test_refused_requests_log_nothing(client, document, make_user, branch_rep):
    from regions.models import Role

    outsider = make_user(Role.ARBITER, username="buitenstaander")
    client.force_login(outsider)
    assert (
        client.get(reverse("arbitration:dossier_detail", args=[document.dossier_id])).status_code
        == 404
    )
    assert (
        client.get(reverse("arbitration:document_download", args=[document.pk])).status_code == 404
    )
    assert _api(outsider).get(f"/api/v1/arbitration/documents/{document.pk}/").status_code == 404
    assert _entries() == []


def test_the_secretariat_reads_and_exports_the_whole_log(client, document, arbiters, clerk):
    client.force_login(arbiters[0].user)
    client.get(reverse("arbitration:document_download", args=[document.pk]))
    client.force_login(clerk)
    url = reverse("arbitration:access_log", args=[document.dossier_id])
    page = client.get(url)
    assert page.status_code == 200
    assert (
        "Conclusie van eis (v1)" in page.content.decode() and "127.0.0.1" in page.content.decode()
    )
    export = client.get(url + "?export=csv")
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")),
                           delimiter=";"))  # fmt: skip
    assert rows[0] == ["wanneer", "wie", "als", "wat", "beschrijving", "via", "adres"]
    assert [row[3] for row in rows[1:]] == ["document (bestand)"]
    assert rows[1][2] == "panel" and rows[1][6] == "127.0.0.1"
    api = _api(clerk).get(f"/api/v1/arbitration/dossiers/{document.dossier_id}/access-log/")
    assert [e["kind"] for e in api.json()["results"]] == ["download"]


def test_a_party_sees_who_of_the_panel_and_secretariat_opened_documents(
    client, document, arbiters, clerk, school_rep, branch_rep
):
    for user in (arbiters[0].user, clerk, branch_rep):
        client.force_login(user)
        client.get(reverse("arbitration:document_download", args=[document.pk]))
    client.force_login(school_rep)
    client.get(reverse("arbitration:dossier_detail", args=[document.dossier_id]))
    seen = _api(school_rep).get(f"/api/v1/arbitration/dossiers/{document.dossier_id}/access-log/")
    assert [e["user"] for e in seen.json()["results"]] == [
        clerk.username,
        arbiters[0].user.username,
    ]
    page = client.get(
        reverse("arbitration:access_log", args=[document.dossier_id])
    ).content.decode()
    assert "127.0.0.1" not in page  # addresses are for the secretariat
    assert branch_rep.username not in page  # the other party's openings are not shown


def test_the_panel_may_not_read_the_log(client, document, arbiters):
    client.force_login(arbiters[0].user)
    assert (
        client.get(reverse("arbitration:access_log", args=[document.dossier_id])).status_code == 404
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_or_delete_an_entry(client, document, clerk):
    _api(clerk).get(f"/api/v1/arbitration/documents/{document.pk}/")
    entry = AccessLogEntry.objects.get()
    for change in (
        lambda: AccessLogEntry.objects.filter(pk=entry.pk).update(label="niets"),
        lambda: AccessLogEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with (
            pytest.raises(IntegrityError, match="can not be changed or deleted"),
            transaction.atomic(),
        ):
            change()
    with retention_deletes():  # only the retention run may remove entries
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert not AccessLogEntry.objects.exists()
