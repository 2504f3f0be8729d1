"""The alert function's default rules, each at its edge, and recomputation."""

import io

import pytest
from django.core.management import call_command

from atlas.models import Qualification, Signal, SignalRule
from atlas.services import compute_signals, import_enrolments, import_indicators
from core.timeutils import cycle_year_for, local_today
from regions.models import OrganisationKind, Sectorkamer

pytestmark = pytest.mark.django_db

ENROLMENT_HEADER = "INSTELLINGSCODE;LEERWEG;ERKENDE OPLEIDING CODE;JAAR;AANTAL\n"
INDICATOR_HEADER = "INDICATOR;NIVEAU;CREBO;INSTELLINGSCODE;REGIO;JAAR;WAARDE\n"
YEAR = cycle_year_for(local_today())  # the coming cycle, whose atlas the imports refresh
D = YEAR - 1  # its data year (the reference date before the atlas conversation)


@pytest.fixture
def world(reference, make_org, staff):
    zorg = Sectorkamer.objects.get(code="03")
    for crebo in ("25655", "25480", "25001"):
        Qualification.objects.create(crebo=crebo, name=f"Opleiding {crebo}", level=3,
                                     sectorkamer=zorg)  # fmt: skip
    make_org("Albeda", kind=OrganisationKind.MBO_INSTITUTION, code="00GT")
    make_org("Techniek College", kind=OrganisationKind.MBO_INSTITUTION, code="01AB")
    return staff


def enrolments(actor, *lines):
    text = ENROLMENT_HEADER + "".join(line + "\n" for line in lines)
    return import_enrolments(actor=actor, stream=io.BytesIO(text.encode()))


def indicators(actor, *lines):
    text = INDICATOR_HEADER + "".join(line + "\n" for line in lines)
    return import_indicators(actor=actor, stream=io.BytesIO(text.encode()))


def open_signals(code, year=YEAR):
    return {s.subject: s for s in Signal.objects.filter(rule__code=code, year=year, state="open")}


def test_the_default_rules_come_with_the_reference_data(reference):
    codes = set(SignalRule.objects.values_list("code", flat=True))
    assert {"few-students", "work-within-a-year", "below-level", "profit-warning",
            "internship-shortage"} <= codes  # fmt: skip


def test_fewer_than_50_students_at_an_institution_fires_at_49_not_at_50(world):
    enrolments(world, f"00GT;BBL;25655;{D};30", f"00GT;BOLVT;25655;{D};19",  # 49
               f"01AB;BBL;25655;{D};50")  # fmt: skip
    found = open_signals("few-students")
    [signal] = found.values()
    assert signal.institution.institution_code == "00GT" and signal.value == "49"
    assert signal.weight == 2 and signal.details["years_running"] == 1


def test_a_suppressed_cell_never_passes_for_a_count(world):
    # 46 + a small cell (1-4): 47 to 50 students, so not certainly fewer than 50
    enrolments(world, f"00GT;BBL;25655;{D};46", f"00GT;BOLVT;25655;{D};-1",
               f"01AB;BBL;25655;{D};45", f"01AB;BOLVT;25655;{D};-1")  # 46 to 49  # fmt: skip
    found = open_signals("few-students")
    assert [s.institution.institution_code for s in found.values()] == ["01AB"]
    assert next(iter(found.values())).value == "46–49"


def test_three_years_running_weighs_more(world):
    lines = [f"00GT;BBL;25655;{year};20" for year in (D - 2, D - 1, D)]
    enrolments(world, *lines)
    [signal] = open_signals("few-students").values()
    assert signal.details["years_running"] == 3 and signal.weight == 6


def test_work_within_a_year_fires_at_69_9_not_at_70(world):
    indicators(world, f"werk_12u_1j;crebo;25655;;;{D};69.9", f"werk_12u_1j;crebo;25480;;;{D};70")
    found = open_signals("work-within-a-year")
    assert list(found) == [f"q:{Qualification.objects.get(crebo='25655').pk}"]
    assert next(iter(found.values())).small_numbers  # no enrolment data: small numbers


def test_below_level_fires_above_50_not_at_50(world):
    indicators(world, f"onder_niveau;crebo;25655;;;{D};50.1", f"onder_niveau;crebo;25480;;;{D};50")
    assert len(open_signals("below-level")) == 1


def test_profit_warning_needs_growth_and_low_kans_op_werk(world):
    enrolments(world, f"00GT;BBL;25655;{D - 1};100", f"00GT;BBL;25655;{D};100",  # stable
               f"00GT;BBL;25480;{D - 1};100", f"00GT;BBL;25480;{D};99",  # shrinking
               f"00GT;BBL;25001;{D - 1};100", f"00GT;BBL;25001;{D};140")  # fmt: skip
    indicators(world, f"kans_op_werk;crebo;25655;;;{D};59.9", f"kans_op_werk;crebo;25480;;;{D};40",
               f"kans_op_werk;crebo;25001;;;{D};60")  # fmt: skip
    found = open_signals("profit-warning")
    assert [s.qualification.crebo for s in found.values()] == ["25655"]


def test_recomputing_is_idempotent_and_a_signal_that_no_longer_holds_is_closed(world):
    indicators(world, f"werk_12u_1j;crebo;25655;;;{D};60")
    assert compute_signals(year=YEAR) == {"raised": 0, "updated": 0, "closed": 0, "unchanged": 1}
    indicators(world, f"werk_12u_1j;crebo;25655;;;{D};75")  # a corrected delivery
    signal = Signal.objects.get(rule__code="work-within-a-year")
    assert signal.state == "closed" and signal.closed_at is not None
    indicators(world, f"werk_12u_1j;crebo;25655;;;{D};61")
    signal.refresh_from_db()
    assert signal.state == "open" and signal.value == "61 %"
    assert Signal.objects.filter(rule__code="work-within-a-year").count() == 1


def test_an_inactive_rule_raises_nothing_and_the_command_runs(world):
    SignalRule.objects.filter(code="below-level").update(active=False)
    indicators(world, f"onder_niveau;crebo;25655;;;{D};80")
    assert not open_signals("below-level")
    out = io.StringIO()
    call_command("compute_signals", "--year", str(YEAR), stdout=out)
    assert f"signals {YEAR}:" in out.getvalue()


def test_a_round_value_is_shown_as_written(world):
    indicators(world, f"werk_12u_1j;crebo;25655;;;{D};60.0")
    assert Signal.objects.get(rule__code="work-within-a-year").value == "60 %"


def test_the_rules_share_their_enrolment_totals(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    indicators(world, f"werk_12u_1j;crebo;25655;;;{D};60")
    with CaptureQueriesContext(connection) as run:
        compute_signals(year=YEAR)
    totals = [q["sql"] for q in run.captured_queries if "atlas_enrolment" in q["sql"]]
    # the national per-qualification totals of Y-1 are read once for all indicator rules
    assert len(totals) == len(set(totals))


@pytest.fixture
def regional(world):
    from regions.models import Arbeidsmarktregio, Organisation

    rijnmond, utrecht = Arbeidsmarktregio.objects.order_by("code")[:2]
    Organisation.objects.get(institution_code="00GT").regions.add(rijnmond)
    Organisation.objects.get(institution_code="01AB").regions.add(utrecht)
    return rijnmond, utrecht


def test_shortage_decline_fires_at_1_5_not_at_1_49_and_only_where_enrolment_fell(world, regional):
    one, two = (region.code for region in regional)
    enrolments(
        world,
        f"00GT;BBL;25655;{D - 1};100",
        f"00GT;BBL;25655;{D};80",  # fell in one
        f"00GT;BBL;25480;{D - 1};100",
        f"00GT;BBL;25480;{D};70",  # fell, but 1.49
        f"01AB;BBL;25655;{D - 1};100",
        f"01AB;BBL;25655;{D};100",
    )  # stable in two
    indicators(world, f"spanningsindicator;crebo x regio;25655;;{one};{D};1.5",
               f"spanningsindicator;crebo x regio;25480;;{one};{D};1.49",
               f"spanningsindicator;crebo x regio;25655;;{two};{D};4.2")  # fmt: skip
    [signal] = open_signals("shortage-decline").values()
    assert (signal.qualification.crebo, signal.region.code) == ("25655", one)
    assert signal.details["students"] == "80" and signal.details["students_before"] == "100"
    assert signal.value == "1.5" and not signal.small_numbers


def test_shortage_decline_needs_a_certain_fall_not_a_range_that_may_be_one(world, regional):
    one = regional[0].code
    # 96 + a small cell (1-4): 97 to 100 now, against 100 before: not certainly fewer
    enrolments(world, f"00GT;BBL;25655;{D - 1};100", f"00GT;BBL;25655;{D};96",
               f"00GT;BOLVT;25655;{D};-1")  # fmt: skip
    indicators(world, f"spanningsindicator;crebo x regio;25655;;{one};{D};2")
    assert not open_signals("shortage-decline")
