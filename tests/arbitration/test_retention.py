"""Retention with a controlled clock: a closed dossier past its period loses its documents and
contents, keeps its award and counts; what is younger is not touched; every run is logged;
``--dry-run`` changes nothing."""

import datetime
import io
import os

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django_fsm_log.models import StateLog

from arbitration import selectors, services
from arbitration.models import AccessLogEntry, Award, Document, Dossier
from core import retention
from core.models import RetentionPeriod, RetentionRun
from notifications.models import Notification

from .conftest import pdf

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def closed(heard, arbiters, clerk, school_rep):
    services.upload_document(actor=school_rep, dossier=heard, title="Productie 1",
                             visibility="all", uploaded_file=pdf())  # fmt: skip
    services.issue_award(actor=arbiters[0].user, dossier=heard, decision="granted",
                         reasoning="Gegrond", agreement_effect="active")  # fmt: skip
    with time_machine.travel(NOW):
        return services.close_dossier(actor=clerk, dossier=heard, comment="Afgerond na uitspraak")


def _run(days_later, *, dry_run=False):
    with time_machine.travel(NOW + datetime.timedelta(days=days_later)):
        return {r.kind: r.count for r in retention.run(dry_run=dry_run)}


def test_a_closed_dossier_past_its_period_loses_documents_and_contents(
    closed, django_capture_on_commit_callbacks
):
    document = Document.objects.get(dossier=closed)
    path = document.file.path
    statistics = selectors.statistics()
    with open(path, "rb") as f:
        assert f.read(4) == b"%PDF"

    assert _run(7 * 365 - 1)["closed_dossiers"] == 0  # a day before: nothing
    closed.refresh_from_db()
    assert closed.claim and Document.objects.filter(dossier=closed).exists()

    with django_capture_on_commit_callbacks(execute=True):  # the files go after the commit
        assert _run(7 * 365 + 1)["closed_dossiers"] == 1
    dossier = Dossier.objects.get(pk=closed.pk)
    assert (dossier.claim, dossier.ruling_requested, dossier.minutes) == ("", "", "")
    assert dossier.anonymised_at is not None and dossier.reference == closed.reference
    assert not Document.objects.filter(dossier=closed).exists()
    assert not os.path.exists(path)  # the file too, once the run committed
    assert not dossier.history.exclude(claim="").exists()  # the edit history scrubbed
    assert not StateLog.objects.filter(object_id=dossier.pk, content_type__model="dossier")\
        .exclude(description="").exists()  # fmt: skip
    assert Award.objects.get(dossier=dossier).reasoning == "Gegrond"  # the award stays
    assert selectors.statistics() == statistics  # and so do the counts
    runs = RetentionRun.objects.filter(kind="closed_dossiers", dry_run=False)
    assert list(runs.values_list("count", flat=True).order_by("at")) == [0, 1]
    from tests.reliability import record

    record("security", "retention: a closed dossier aged past its period (controlled clock)",
           runs=RetentionRun.objects.count(), kinds=len(retention.kinds()),
           dossiers_anonymised=runs.order_by("at").last().count,
           documents_left=Document.objects.filter(dossier=closed).count(),
           awards_kept=Award.objects.filter(dossier=dossier).count())  # fmt: skip


def test_younger_dossiers_and_open_ones_are_not_touched(closed, school_rep, school, branch,
                                                         active):  # fmt: skip
    still_open = services.create_dossier(actor=school_rep, claimants=[school],
                                         respondents=[branch], kind="performance",
                                         claim="Nog lopend", agreements=[active])  # fmt: skip
    RetentionPeriod.objects.create(kind="closed_dossiers", days=30, note="test")  # Beheer
    assert _run(29)["closed_dossiers"] == 0
    assert _run(31)["closed_dossiers"] == 1
    assert Dossier.objects.get(pk=still_open.pk).claim == "Nog lopend"
    assert _run(5000)["closed_dossiers"] == 0  # an anonymised dossier is not done again


def test_a_dry_run_changes_nothing_but_says_how_much(closed):
    out = io.StringIO()
    with time_machine.travel(NOW + datetime.timedelta(days=8 * 365)):
        call_command("apply_retention", "--dry-run", stdout=out)
    assert "closed_dossiers" in out.getvalue() and "would handle      1" in out.getvalue()
    closed.refresh_from_db()
    assert closed.claim and Document.objects.filter(dossier=closed).exists()
    assert set(RetentionRun.objects.values_list("dry_run", flat=True)) == {True}
    assert set(RetentionRun.objects.values_list("kind", flat=True)) == {
        "access_log", "closed_dossiers", "delivery_logs", "notices", "notifications", "sessions"
    }  # fmt: skip


def test_logs_and_read_notifications_go_after_their_period(closed, clerk, client):
    with time_machine.travel(NOW):
        client.force_login(clerk)
        assert client.get(f"/arbitrage/dossiers/{closed.pk}/").status_code == 200
    for n in range(3):
        Notification.objects.create(recipient=clerk, kind="arbitration", key=f"r{n}",
                                    title="Gelezen", created_at=NOW, read_at=NOW)  # fmt: skip
    unread = Notification.objects.create(recipient=clerk, kind="arbitration", key="t",
                                         title="Ongelezen", created_at=NOW)  # fmt: skip
    read = Notification.objects.filter(read_at__isnull=False).count()
    entries = AccessLogEntry.objects.count()
    assert entries and read
    assert _run(364)["notifications"] == 0
    counts = _run(366)
    assert counts["notifications"] == read
    assert not Notification.objects.filter(read_at__isnull=False).exists()
    assert Notification.objects.filter(pk=unread.pk).exists()  # unread ones stay
    assert counts["access_log"] == 0 and AccessLogEntry.objects.count() == entries
    assert _run(10 * 365 + 1)["access_log"] == entries
    assert not AccessLogEntry.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_runs_are_kept_as_they_were(closed):
    from django.db import IntegrityError, transaction

    _run(1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RetentionRun.objects.update(count=99)
