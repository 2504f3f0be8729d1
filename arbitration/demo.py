"""Demo arbitration for ``seed_demo``: arbitration agreements of the demo organisations, the
arbiter roster (one of them affiliated with Albeda College) and one dossier in progress."""

import datetime

from core.timeutils import amsterdam, clock_at, local_today
from regions.models import Organisation, Role, Sectorkamer

from . import services
from .models import ArbiterProfile, ArbitrationAgreement


def seed_arbitration(*, users: dict, make_user) -> None:
    if ArbitrationAgreement.objects.exists():
        return
    today = local_today()
    orgs = {o.name: o for o in Organisation.objects.all()}
    kamers = {s.abbreviation: s for s in Sectorkamer.objects.all()}
    clerk = users["secretariaat"]
    for name in (
        "Albeda College",
        "ROC van Amsterdam",
        "Zadkine",
        "Techniek Nederland",
        "FNV",
        "OTIB (Opleidingsfonds installatietechniek)",
        "Royal Schiphol Group",
    ):
        for kamer in ("TGO", "MTLM", "ZWS"):
            services.register_arbitration_agreement(
                actor=clerk,
                organisation=orgs[name],
                signed_on=datetime.date(today.year - 1, 9, 1),
                signatory="Bestuurder",
                sectorkamer=kamers[kamer],
            )
    services.add_arbiter(
        actor=clerk,
        user=users["arbiter"],
        expertise=[kamers["TGO"]],
        themes="opleidingsaanbod, nakoming",
    )
    former = make_user("arbiter-albeda", "Willem", "Dekker", Role.ARBITER)
    services.add_arbiter(
        actor=clerk,
        user=former,
        expertise=[kamers["ZWS"]],
        themes="zorg",
        affiliations=[
            (
                orgs["Albeda College"],
                datetime.date(2015, 1, 1),
                datetime.date(today.year - 1, 12, 31),
            )
        ],
    )
    seed_dossiers(users=users, orgs=orgs, today=today)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=amsterdam())


def seed_dossiers(*, users: dict, orgs: dict, today: datetime.date) -> None:
    """Two dossiers through the services, their steps at their real moments: Albeda College
    against OTIB on the content of an agreement still to make, admitted with the panel
    proposed and the arbiter's declaration still to sign; and OTIB's claim on the TGO
    internships agreement, filed two days ago and waiting for the admissibility decision (an
    admitted dossier puts its agreements in dispute; this one leaves the agreement active)."""
    from agreements.models import Agreement

    clerk, school, otib = users["secretariaat"], users["school"], users["otib"]
    internships = Agreement.objects.filter(title="Meer leerbanen in de installatietechniek").first()
    arbiter = ArbiterProfile.objects.get(user=users["arbiter"])
    albeda, fund = orgs["Albeda College"], orgs["OTIB (Opleidingsfonds installatietechniek)"]
    with clock_at(_at(today - datetime.timedelta(days=20))):
        dossier = services.create_dossier(
            actor=school, claimants=[albeda], respondents=[fund], kind="content",
            claim="OTIB wil de begeleiding van zij-instromers niet in de nieuwe afspraak opnemen.",
            ruling_requested="Een uitspraak over de taakverdeling in de nieuwe afspraak.",
        )  # fmt: skip
        dossier = services.file_dossier(actor=school, dossier=dossier)
    with clock_at(_at(today - datetime.timedelta(days=18))):
        dossier = services.admit_dossier(actor=clerk, dossier=dossier, comment="Ontvankelijk.")
    with clock_at(_at(today - datetime.timedelta(days=16))):
        services.propose_panel(actor=clerk, dossier=dossier, arbiters=[arbiter])
    with clock_at(_at(today - datetime.timedelta(days=2))):
        claim = services.create_dossier(
            actor=otib, claimants=[fund], respondents=[albeda], kind="content",
            claim="De afspraak over leerbanen legt de begeleiding eenzijdig bij het fonds.",
            ruling_requested="Herziening van de taakverdeling in de afspraak.",
            agreements=[internships] if internships else [],
        )  # fmt: skip
        services.file_dossier(actor=otib, dossier=claim)
