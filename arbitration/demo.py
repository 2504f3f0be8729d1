"""Demo arbitration for ``seed_demo``: arbitration agreements of the demo organisations, the
arbiter roster (one of them affiliated with Albeda College) and one dossier in progress."""

import datetime

from core.timeutils import local_today
from regions.models import Organisation, Role, Sectorkamer

from . import services
from .models import ArbitrationAgreement


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
