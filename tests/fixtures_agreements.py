"""Agreement fixtures shared by the agreements and arbitration tests (a pytest plugin)."""

import datetime
from decimal import Decimal

import pytest

from agendas.models import Agenda, AgendaRevision, Priority
from agreements import services
from atlas.models import Qualification
from regions.models import Arbeidsmarktregio, OrganisationKind, RegionalTable, Role, Sectorkamer


@pytest.fixture
def tgo(reference):
    return Sectorkamer.objects.get(code="01")


@pytest.fixture
def priority(tgo):
    agenda = Agenda.objects.create(sectorkamer=tgo, title="TGO", first_year=2026, last_year=2029)
    revision = AgendaRevision.objects.create(agenda=agenda, year=2026)
    return Priority.objects.create(
        revision=revision, kind="challenge", title="Tekort", sectoral=True
    )


@pytest.fixture
def school(make_org):
    return make_org("Albeda College", OrganisationKind.MBO_INSTITUTION, "00GT")


@pytest.fixture
def branch(make_org):
    return make_org("Techniek Nederland", OrganisationKind.BRANCH)


@pytest.fixture
def union(make_org):
    return make_org("FNV", OrganisationKind.UNION)


@pytest.fixture
def secretary(make_user, tgo):
    return make_user(Role.SECTORKAMER_SECRETARY, username="secretaris", sectorkamer=tgo)


@pytest.fixture
def school_rep(make_user, school):
    return make_user(Role.ORGANISATION_REPRESENTATIVE, username="school", organisation=school)


@pytest.fixture
def branch_rep(make_user, branch):
    return make_user(Role.ORGANISATION_REPRESENTATIVE, username="branche", organisation=branch)


@pytest.fixture
def union_rep(make_user, union):
    return make_user(Role.ORGANISATION_REPRESENTATIVE, username="bond", organisation=union)


@pytest.fixture
def table(reference, tgo):
    table = RegionalTable.objects.create(name="Techniek Twente", sectorkamer=tgo)
    table.regions.set([Arbeidsmarktregio.objects.get(code="AM05")])
    return table


@pytest.fixture
def zorg_table(reference):
    """A regional table of another sectorkamer (Zorg, welzijn en sport)."""
    table = RegionalTable.objects.create(
        name="Zorg Rijnmond", sectorkamer=Sectorkamer.objects.get(code="03")
    )
    table.regions.set([Arbeidsmarktregio.objects.get(code="AM22")])
    return table


@pytest.fixture
def coordinator(make_user, table):
    return make_user(Role.TABLE_COORDINATOR, username="coordinator", regional_table=table)


SMART = {
    "level": "sectoral",
    "category": "internships",
    "title": "Meer leerbanen installatietechniek",
    "description": "Installatiebedrijven in Twente bieden extra BBL-leerbanen.",
    "indicator": "BBL-leerbanen",
    "unit": "leerbanen",
    "baseline_value": Decimal("100"),
    "baseline_date": datetime.date(2026, 1, 1),
    "target_value": Decimal("200"),
    "direction": "increase",
    "rationale": "OTIB financiert begeleiding; 40 bedrijven hebben toegezegd.",
    "start_date": datetime.date(2026, 2, 1),
    "deadline": datetime.date(2027, 12, 31),
}


@pytest.fixture
def draft(secretary, priority, school):
    return services.create_agreement(actor=secretary, priority=priority, owner=school, **SMART)


@pytest.fixture
def with_parties(draft, secretary, school, branch, union):
    services.set_parties(
        actor=secretary, agreement=draft,
        parties=[(school, "responsible"), (branch, "responsible"), (union, "informed")],
    )  # fmt: skip
    return draft


@pytest.fixture
def proposed(with_parties, secretary):
    return services.propose_agreement(actor=secretary, agreement=with_parties)


@pytest.fixture
def active(proposed, school_rep, branch_rep):
    services.accept_agreement(actor=school_rep, agreement=proposed)
    return services.accept_agreement(actor=branch_rep, agreement=proposed)


@pytest.fixture
def luchtvaart(reference):
    return Qualification.objects.create(
        crebo="25462", name="Luchtvaartdienstverlener", level=2,
        sectorkamer=Sectorkamer.objects.get(code="02"),
    )  # fmt: skip
