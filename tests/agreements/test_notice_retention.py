"""Retention of start/stop notices with a controlled clock: past its period a notice no longer
names who submitted it or who granted its late exception (nor does its history); the notice,
its programme offer and the monitor's counts stay; what is younger is not touched."""

import datetime

import pytest
import time_machine

from agreements import services
from agreements.models import StartStopNotice
from core import retention
from core.models import RetentionPeriod, RetentionRun
from regions.models import Arbeidsmarktregio, Role, Sectorkamer

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture
def notices(school_rep, school, luchtvaart, make_user):
    """A notice submitted with a late exception, and a draft one, both created at NOW."""
    secretary = make_user(
        Role.SECTORKAMER_SECRETARY, sectorkamer=Sectorkamer.objects.get(code="02")
    )

    def make(municipality, study_year):
        return services.create_notice(
            actor=school_rep, institution=school, qualification=luchtvaart, action="start",
            leerweg="BOL", municipality=municipality,
            region=Arbeidsmarktregio.objects.get(code="AM22"), study_year=study_year,
        )  # fmt: skip

    with time_machine.travel(NOW):
        late = make("Rotterdam", 2026)
        services.record_late_exception(actor=secretary, notice=late, reason="Fusie scholen")
        late = services.submit_notice(actor=school_rep, notice=late)
        draft = make("Schiedam", 2028)
    return late, draft


def _run(days_later, *, dry_run=False):
    with time_machine.travel(NOW + datetime.timedelta(days=days_later)):
        return {r.kind: r.count for r in retention.run(dry_run=dry_run)}


def names(notice):
    notice = StartStopNotice.objects.get(pk=notice.pk)
    history = notice.history.all()
    return (
        notice.submitted_by_id,
        notice.late_exception_by_id,
        {h.history_user_id for h in history} - {None},
        {h.submitted_by_id for h in history} - {None},
    )


def test_past_its_period_a_notice_names_nobody_and_keeps_the_rest(notices, school_rep):
    late, draft = notices
    assert names(late)[0] == school_rep.pk and names(late)[1] is not None
    assert _run(5 * 365 - 1)["notices"] == 0  # a day before: nothing
    assert names(late)[0] == school_rep.pk
    # both: the draft names nobody itself, but its history says who created it
    assert _run(5 * 365 + 1, dry_run=True)["notices"] == 2
    assert names(late)[0] == school_rep.pk  # a dry run changes nothing
    assert names(draft)[2] == {school_rep.pk}

    assert _run(5 * 365 + 1)["notices"] == 2
    assert names(late) == (None, None, set(), set())
    assert names(draft) == (None, None, set(), set())
    kept = StartStopNotice.objects.get(pk=late.pk)
    assert (kept.state, kept.study_year, kept.municipality, kept.late_exception_reason) == (
        "submitted",
        2026,
        "Rotterdam",
        "Fusie scholen",
    )
    assert StartStopNotice.objects.filter(pk=draft.pk).exists()
    assert _run(5 * 365 + 2)["notices"] == 0  # done once
    logged = RetentionRun.objects.filter(kind="notices").order_by("pk")
    assert [(r.dry_run, r.count) for r in logged] == [(False, 0), (True, 2), (False, 2), (False, 0)]


def test_the_period_is_data_in_beheer(notices):
    RetentionPeriod.objects.create(kind="notices", days=30)
    assert _run(29)["notices"] == 0
    assert _run(31)["notices"] == 2
