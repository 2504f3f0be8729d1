import datetime

import pytest

from agendas import services
from agendas.models import Agenda
from regions.models import Role, Sectorkamer


@pytest.fixture
def tgo(reference):
    return Sectorkamer.objects.get(code="01")


@pytest.fixture
def zws(reference):
    return Sectorkamer.objects.get(code="03")


@pytest.fixture
def secretary(make_user, tgo):
    return make_user(Role.SECTORKAMER_SECRETARY, username="secretaris", sectorkamer=tgo)


@pytest.fixture
def member(make_user, tgo):
    return make_user(Role.SECTORKAMER_MEMBER, username="lid", sectorkamer=tgo, side="education")


@pytest.fixture
def board(make_user):
    return make_user(Role.BOARD_MEMBER, username="bestuur")


@pytest.fixture
def outsider(make_user, make_org):
    from regions.models import OrganisationKind

    school = make_org("Albeda College", OrganisationKind.MBO_INSTITUTION)
    return make_user(Role.ORGANISATION_REPRESENTATIVE, username="school", organisation=school)


@pytest.fixture
def agenda(tgo):
    return Agenda.objects.create(
        sectorkamer=tgo, title="Agenda TGO 2026-2029", first_year=2026, last_year=2029
    )


PRIORITY = {
    "kind": "challenge",
    "title": "Tekort aan installatiemonteurs",
    "description": "Meer gastdocenten uit de installatietechniek om de instroom te verhogen.",
    "evidence": "Bosatlas: 1.200 openstaande vacatures, instroom daalt 8%.",
    "sectoral": True,
    "regional": True,
}


@pytest.fixture
def draft(agenda, secretary):
    return services.start_revision(actor=secretary, agenda=agenda, year=2026)


@pytest.fixture
def with_priority(draft, secretary):
    services.add_priority(actor=secretary, revision=draft, **PRIORITY)
    return draft


@pytest.fixture
def submitted(with_priority, secretary):
    return services.submit_revision(actor=secretary, revision=with_priority)


@pytest.fixture
def adopted(submitted, secretary):
    return services.adopt_revision(
        actor=secretary, revision=submitted, meeting_date=datetime.date(2026, 1, 15),
        education_side_agreed=True, business_side_agreed=True,
    )  # fmt: skip


@pytest.fixture
def ratified(adopted, board):
    return services.ratify_revision(actor=board, revision=adopted)
