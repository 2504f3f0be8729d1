"""The monitoring dashboards and the half-yearly report: national, per sectorkamer, per
arbeidsmarktregio and per regional table."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agendas.models import Agenda, AgendaRevision, Priority
from agreements import monitoring, services
from core.timeutils import local_today
from regions.models import Arbeidsmarktregio, OrganisationKind, Role, Sectorkamer
from tests.fixtures_agreements import SMART

pytestmark = pytest.mark.django_db
TODAY = local_today()


@pytest.fixture
def make_active(secretary, priority, school, school_rep):
    """An active TGO agreement owned by the school, with a report of ``value`` if given."""

    def make(title, *, value=None, weight=1, category="internships", report_end=None, **fields):
        agreement = services.create_agreement(
            actor=secretary, priority=priority, owner=school,
            **{**SMART, "title": title, "category": category, "weight": Decimal(weight), **fields},
        )  # fmt: skip
        services.set_parties(
            actor=secretary, agreement=agreement, parties=[(school, "responsible")]
        )
        services.propose_agreement(actor=secretary, agreement=agreement)
        agreement = services.accept_agreement(actor=school_rep, agreement=agreement)
        if value is not None:
            end = report_end or TODAY
            services.report_progress(
                actor=school_rep, agreement=agreement, period_start=end, period_end=end,
                value=Decimal(value), status="on_track",
            )  # fmt: skip
        return agreement

    return make


@pytest.fixture
def mtlm_agreement(make_user, make_org, reference):
    """A draft agreement of another sectorkamer (MTLM), which TGO's figures leave out."""
    mtlm = Sectorkamer.objects.get(code="02")
    secretary = make_user(Role.SECTORKAMER_SECRETARY, username="mtlm", sectorkamer=mtlm)
    agenda = Agenda.objects.create(sectorkamer=mtlm, title="MTLM", first_year=2026, last_year=2029)
    revision = AgendaRevision.objects.create(agenda=agenda, year=2026)
    priority = Priority.objects.create(
        revision=revision, kind="challenge", title="Havens", sectoral=True
    )
    return services.create_agreement(
        actor=secretary, priority=priority, owner=make_org(kind=OrganisationKind.BRANCH),
        level="sectoral", category="guidance", title="Havenbanen",
    )  # fmt: skip


def figures(scope, user, start=None, end=None):
    start, end = start or TODAY.replace(month=1, day=1), end or TODAY.replace(month=12, day=31)
    return monitoring.monitor(scope, user=user, start=start, end=end, today=TODAY)


@pytest.mark.parametrize(
    "today, period",
    [
        (datetime.date(2026, 6, 30), (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))),
        (datetime.date(2026, 7, 1), (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))),
        (datetime.date(2026, 1, 1), (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))),
        (datetime.date(2026, 12, 31), (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))),
    ],
)
def test_the_report_covers_the_last_complete_half_year(today, period):
    assert monitoring.last_half_year(today) == period


def test_the_matrix_counts_per_category_and_state_in_scope(
    make_active, draft, mtlm_agreement, secretary, tgo
):
    make_active("Actief 1")
    national = figures(monitoring.national(), secretary)["matrix"]
    assert national["total"] == 3
    tgo_matrix = figures(monitoring.of_sectorkamer(tgo), secretary)["matrix"]
    assert tgo_matrix["total"] == 2  # the MTLM agreement is not TGO's
    (internships,) = [r for r in tgo_matrix["rows"] if r["category"] == "internships"]
    cells = dict(zip(monitoring.STATES, internships["cells"], strict=True))
    assert cells["draft"]["n"] == 1 and cells["active"]["n"] == 1 and internships["total"] == 2
    assert cells["active"]["url"] == (
        reverse("agreements:board") + "?sectorkamer=01&category=internships&state=active"
    )
    assert [r["category"] for r in tgo_matrix["rows"]] == ["internships"]  # empty rows left out


def test_the_cell_links_to_the_board_it_counts(client, make_active, secretary, tgo):
    make_active("Actief 1")
    make_active("Actief 2", category="guidance")
    url = figures(monitoring.of_sectorkamer(tgo), secretary)["matrix"]["rows"][0]["cells"][2]
    client.force_login(secretary)
    board = client.get(url["url"]).content.decode()
    assert url["n"] == 1 and "Actief 2" in board and "Actief 1" not in board


def test_progress_is_weighted_per_category_and_overall(make_active, secretary, tgo):
    make_active("Half", value="150", weight=1)  # 50% of the way from 100 to 200
    make_active("Tiende", value="110", weight=3)  # 10%
    make_active("Geen rapport")  # no report: does not count
    result = figures(monitoring.of_sectorkamer(tgo), secretary)
    (row,) = result["progress"]
    assert row["active"] == 3 and row["progress"] == Decimal("20.0")  # (50 + 3 x 10) / 4
    assert result["overall"] == Decimal("20.0")
    assert result["chart"].bars[0]["width"] == pytest.approx(0.2 * (640 - 220 - 40), abs=0.1)
    assert "20,0%" in result["chart"].description or "20.0%" in result["chart"].description


def test_overdue_reports_and_risks_are_counted(make_active, secretary, school_rep, tgo):
    late = make_active("Te laat", start_date=TODAY - datetime.timedelta(days=200))
    make_active("Op tijd", start_date=TODAY - datetime.timedelta(days=10))
    services.report_progress(
        actor=school_rep, agreement=late, period_start=TODAY - datetime.timedelta(days=199),
        period_end=TODAY - datetime.timedelta(days=100), value=Decimal("120"), status="at_risk",
    )  # fmt: skip
    result = figures(monitoring.of_sectorkamer(tgo), secretary)
    (row,) = result["progress"]
    assert row["overdue_reports"] == 1 and result["overdue_reports"] == 1  # due 10 days ago
    assert row["at_risk"] == 1


def test_reports_count_only_inside_the_period(make_active, secretary, tgo):
    make_active("In", value="120", report_end=datetime.date(2026, 3, 31))
    make_active("Uit", value="120", report_end=datetime.date(2026, 7, 1))
    result = figures(monitoring.of_sectorkamer(tgo), secretary,
                     datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))  # fmt: skip
    assert result["reports"] == {"total": 1, "on_track": 1}


def test_commitments_count_per_region_and_a_region_sees_its_own(
    active, table, coordinator, school, secretary
):
    services.create_agreement(
        actor=coordinator, regional_table=table, owner=school, level="regional",
        category="internships", title="Twentse leerbanen", parent=active,
    )  # fmt: skip
    national = figures(monitoring.national(), secretary)
    assert [(r["code"], r["n"]) for r in national["regions"]] == [("AM22", 1)]  # the table's
    rijnmond = Arbeidsmarktregio.objects.get(code="AM22")
    assert figures(monitoring.of_region(rijnmond), secretary)["matrix"]["total"] == 1
    twente = Arbeidsmarktregio.objects.get(code="AM05")
    assert figures(monitoring.of_region(twente), secretary)["matrix"]["total"] == 0
    assert figures(monitoring.of_table(table), secretary)["matrix"]["total"] == 1


def test_a_region_counts_its_tables_and_its_priorities_agreements_once_each(
    active, table, coordinator, school, secretary, client
):
    from agreements.models import Agreement
    from agreements.selectors import in_region

    commitment = services.create_agreement(
        actor=coordinator, regional_table=table, owner=school, level="regional",
        category="internships", title="Twentse leerbanen", parent=active,
    )  # fmt: skip
    rijnmond = Arbeidsmarktregio.objects.get(code="AM22")  # the table's region
    twente = Arbeidsmarktregio.objects.get(code="AM05")
    assert set(Agreement.objects.filter(in_region(twente))) == set()
    # the sector agreement's priority names both regions: it concerns each of them, once;
    # the commitment concerns its table's region, once
    active.priority.regions.add(rijnmond, twente)
    assert list(Agreement.objects.filter(in_region(twente))) == [active]
    in_rijnmond = list(Agreement.objects.filter(in_region(rijnmond)).order_by("pk"))
    assert in_rijnmond == sorted([active, commitment], key=lambda a: a.pk)
    assert figures(monitoring.of_region(rijnmond), secretary)["matrix"]["total"] == 2
    assert figures(monitoring.of_region(twente), secretary)["matrix"]["total"] == 1
    client.force_login(secretary)
    page = client.get(reverse("agreements:board"), {"region": "AM22"}).content.decode()
    assert page.count(reverse("agreements:detail", args=[commitment.pk]) + '"') == 1


def test_notices_count_per_study_year_as_far_as_the_user_sees_them(
    school_rep, school, make_user, make_org, reference
):
    from atlas.models import Qualification

    kamer = Sectorkamer.objects.get(code="01")
    qualification = Qualification.objects.create(crebo="25304", name="Monteur", level=3,
                                                 sectorkamer=kamer)  # fmt: skip
    year = TODAY.year + 1
    services.create_notice(
        actor=school_rep, institution=school, qualification=qualification, action="start",
        leerweg="BBL", municipality="Rotterdam",
        region=Arbeidsmarktregio.objects.get(code="AM22"), study_year=year,
    )  # fmt: skip
    board = make_user(Role.BOARD_MEMBER, username="bestuur")
    other = make_user(Role.ORGANISATION_REPRESENTATIVE, username="ander",
                      organisation=make_org(kind=OrganisationKind.BRANCH))  # fmt: skip
    end = datetime.date(TODAY.year, 12, 31)
    seen = {
        r["year"]: r["starts"] for r in figures(monitoring.national(), board, end=end)["cycles"]
    }
    assert seen[year] == 1
    unseen = figures(monitoring.national(), other, end=end)["cycles"]
    assert all(r["starts"] == 0 for r in unseen)


def test_the_period_is_checked(client, secretary):
    client.force_login(secretary)
    page = client.get(reverse("agreements:monitor"), {"van": "2026-07-01", "tot": "2026-01-01"})
    assert page.status_code == 200
    assert "Het einde van de periode ligt vóór het begin." in page.content.decode()
    page = client.get(reverse("agreements:monitor"), {"van": "2020-01-01", "tot": "2026-01-01"})
    assert "Kies een periode van hoogstens drie jaar." in page.content.decode()
    page = client.get(reverse("agreements:monitor"), {"van": "nooit", "tot": "2026-01-01"})
    assert page.status_code == 200 and 'aria-invalid="true"' in page.content.decode()


def test_the_half_yearly_report_as_a_workbook(client, make_active, secretary, tgo):
    make_active("Half", value="150", report_end=datetime.date(2026, 3, 31))
    client.force_login(secretary)
    response = client.get(
        reverse("agreements:monitor_sectorkamer", args=["01"]),
        {"van": "2026-01-01", "tot": "2026-06-30", "formaat": "xlsx"},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "monitor-sectorkamer-2026-01-01-2026-06-30.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Afspraken", "Voortgang", "Regio's", "Cycli",
                               "Rapportages in de periode"]  # fmt: skip
    progress = list(book["Voortgang"].iter_rows(values_only=True))
    assert progress[1][1:3] == (1, 50.0)
    reports = list(book["Rapportages in de periode"].iter_rows(values_only=True))
    assert reports[1] == ("Rapportages", 1, None, None)


def test_the_page_shows_the_figures_and_an_empty_state(client, make_active, secretary, tgo):
    client.force_login(secretary)
    empty = client.get(reverse("agreements:monitor_sectorkamer", args=["01"])).content.decode()
    assert 'data-testid="no-agreements"' in empty
    make_active("Half", value="150")
    page = client.get(reverse("agreements:monitor_sectorkamer", args=["01"])).content.decode()
    assert 'data-testid="progress-bars"' in page and 'data-testid="matrix-total">1<' in page
    assert "<desc" in page and 'role="img"' in page
    assert client.get(reverse("agreements:monitor_sectorkamer", args=["99"])).status_code == 404


def test_the_query_count_stays_flat(client, make_active, secretary, django_assert_num_queries):
    client.force_login(secretary)
    make_active("Een", value="150")
    url = reverse("agreements:monitor")
    client.get(url)
    with django_assert_num_queries(11) as first:
        client.get(url)
    for n in range(4):
        make_active(f"Meer {n}", value="120", category=["guidance", "internships"][n % 2])
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)
