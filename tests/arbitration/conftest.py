import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from arbitration import services
from arbitration.models import ArbiterProfile, ArbitrationAgreement
from regions.models import Role

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def pdf(name="conclusie.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def clerk(make_user):
    return make_user(Role.ARBITRATION_SECRETARIAT, username="secretariaat")


@pytest.fixture
def make_arbiter(make_user):
    def make(username):
        user = make_user(Role.ARBITER, username=username)
        return ArbiterProfile.objects.create(user=user, themes="opleidingsaanbod")

    return make


@pytest.fixture
def arbiters(make_arbiter):
    return [make_arbiter(f"arbiter{i}") for i in range(1, 5)]


@pytest.fixture
def covered(school, branch, tgo):
    for organisation in (school, branch):
        ArbitrationAgreement.objects.create(
            organisation=organisation,
            signed_on=datetime.date(2025, 6, 1),
            signatory="Directeur",
            sectorkamer=tgo,
        )


@pytest.fixture
def dossier(school_rep, school, branch, active):
    return services.create_dossier(
        actor=school_rep,
        claimants=[school],
        respondents=[branch],
        kind="performance",
        claim="Techniek Nederland levert de toegezegde leerbanen niet.",
        ruling_requested="Nakoming binnen drie maanden.",
        agreements=[active],
    )


@pytest.fixture
def filed(dossier, school_rep):
    return services.file_dossier(actor=school_rep, dossier=dossier)


@pytest.fixture
def admitted(filed, clerk, covered):
    return services.admit_dossier(actor=clerk, dossier=filed, comment="Ontvankelijk")


@pytest.fixture
def proposed_panel(admitted, clerk, arbiters):
    return services.propose_panel(actor=clerk, dossier=admitted, arbiters=[arbiters[0]])


@pytest.fixture
def constituted(proposed_panel, clerk):
    member = proposed_panel.panel.get()
    services.declare_independence(
        actor=member.arbiter.user, member=member, declaration="Ik ben onafhankelijk."
    )
    with time_machine.travel(datetime.date.today() + datetime.timedelta(days=40)):
        return services.constitute_panel(actor=clerk, dossier=proposed_panel)


@pytest.fixture
def heard(constituted, branch_rep, clerk):
    services.submit_defence(actor=branch_rep, dossier=constituted, comment="Zie verweerschrift")
    services.schedule_hearing(
        actor=clerk,
        dossier=constituted,
        at=datetime.datetime(2027, 3, 1, 10, tzinfo=datetime.UTC),
        place="Zoetermeer",
    )
    return services.hold_hearing(actor=clerk, dossier=constituted, minutes="Partijen gehoord.")
