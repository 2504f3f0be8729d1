"""Demo agendas for ``seed_demo``: a realistic 1 February cycle across three sectorkamers.

The past steps (last cycle's ratification) are recorded at their real moments in the
past, with their actors, so the timelines and deadline badges tell a true story.
"""

import datetime
from pathlib import Path

from atlas.models import Qualification
from core.timeutils import clock_at, cycle_year_for, local_today
from regions.models import Arbeidsmarktregio, Sectorkamer

from . import services
from .models import Agenda, AgendaRevision
from .selectors import SIGNAL_ORDER, top_signals

SAMPLE = Path(__file__).resolve().parent / "data" / "kwalificaties-voorbeeld.csv"
AMS = datetime.timezone(datetime.timedelta(hours=1))  # CET: every date below is in winter

TGO_PRIORITIES = [
    {
        "kind": "challenge",
        "title": "Tekort aan installatiemonteurs",
        "description": "Meer gastdocenten uit de installatietechniek om de instroom te verhogen.",
        "evidence": "Bosatlas: vacatures installatietechniek stijgen, instroom niveau 3 daalt.",
        "sectoral": True,
        "regional": True,
        "crebos": ["25304", "25338"],
        "regions": ["AM05", "AM22"],
    },
    {
        "kind": "opportunity",
        "title": "Hybride docenten in de bouw",
        "description": "Vakmensen uit bedrijven geven een dag per week les.",
        "evidence": "Pilot in Twente: 14 hybride docenten, positieve evaluatie.",
        "regional": True,
        "regions": ["AM05"],
    },
    {
        "kind": "challenge",
        "title": "Kleine maar relevante opleidingen behouden",
        "description": "Opleidingen met minder dan 50 studenten per instelling samen aanbieden.",
        "evidence": "Bosatlas: 6 TGO-opleidingen onder 50 studenten bij meer dan één instelling.",
        "national": True,
        "sectoral": True,
    },
]
ZWS_PRIORITIES = [
    {
        "kind": "opportunity",
        "title": "Baangarantie voor afgestudeerden Verzorgende-IG",
        "description": "Afgestudeerden krijgen een baangarantie met ruimte om door te groeien.",
        "evidence": "Tekort aan verzorgenden in alle regio's; 92% werkt binnen een jaar.",
        "sectoral": True,
        "regional": True,
        "crebos": ["25655"],
    },
    {
        "kind": "challenge",
        "title": "Stageplaatsen in de wijkverpleging",
        "description": "Meer leerbanen (BBL) in de wijkverpleging in Rijnmond.",
        "evidence": "Regionale tafel Rotterdamse Zorg: 120 studenten zonder stageplek.",
        "regional": True,
        "crebos": ["25480"],
        "regions": ["AM22"],
    },
]
MTLM_PRIORITIES = [
    {
        "kind": "challenge",
        "title": "Luchtvaartdienstverlener alleen nabij een luchthaven",
        "description": "De opleiding wordt alleen aangeboden in regio's met een luchthaven; "
        "scholen die haar afbouwen ruilen een andere opleiding.",
        "evidence": "Arbeidsmarkt voor luchtvaartdienstverleners is geconcentreerd rond Schiphol.",
        "sectoral": True,
        "crebos": ["25462"],
        "regions": ["AM18"],
    },
]


def _add(actor, revision, spec):
    spec = dict(spec)
    crebos, codes = spec.pop("crebos", []), spec.pop("regions", [])
    return services.add_priority(
        actor=actor,
        revision=revision,
        qualifications=list(Qualification.objects.filter(crebo__in=crebos)),
        regions=list(Arbeidsmarktregio.objects.filter(code__in=codes)),
        **spec,
    )


def _agenda(secretary, sectorkamer, title, year, priorities):
    """A four-year agenda from ``year`` with its first revision holding ``priorities``."""
    agenda = services.create_agenda(
        actor=secretary, sectorkamer=sectorkamer, title=title, first_year=year, last_year=year + 3
    )
    revision = services.start_revision(actor=secretary, agenda=agenda, year=year)
    for spec in priorities:
        _add(secretary, revision, spec)
    return agenda, revision


def _at(*args):
    return clock_at(datetime.datetime(*args, tzinfo=AMS))


def seed_agendas(*, secretaries: dict, board_member) -> None:
    """Cycle year Y is the current one (its 1 February is the next); Y-1 is done."""
    year = cycle_year_for(local_today())
    last = year - 1
    if Qualification.objects.count() == 0:
        services.import_qualifications(text=SAMPLE.read_text(encoding="utf-8"))
    kamers = {s.abbreviation: s for s in Sectorkamer.objects.all()}
    if Agenda.objects.exists():
        return

    # TGO: last cycle ratified in time; this cycle's draft in progress.
    tgo = secretaries["TGO"]
    with _at(last - 1, 11, 20, 10, 0):
        agenda, revision = _agenda(
            tgo, kamers["TGO"], "Sectoragenda Techniek en gebouwde omgeving", last, TGO_PRIORITIES
        )
    with _at(last, 1, 9, 14, 0):
        services.submit_revision(actor=tgo, revision=revision, comment="Voor de vergadering")
    with _at(last, 1, 15, 17, 0):
        services.adopt_revision(
            actor=tgo, revision=revision, meeting_date=datetime.date(last, 1, 15),
            education_side_agreed=True, business_side_agreed=True,
        )  # fmt: skip
    with _at(last, 1, 27, 11, 0):
        services.ratify_revision(actor=board_member, revision=revision)
    draft = services.start_revision(actor=tgo, agenda=agenda, year=year)
    first = draft.priorities.order_by("order").first()
    services.update_priority(
        actor=tgo, priority=first, title="Tekort aan installatiemonteurs en elektrotechnici"
    )
    _add(tgo, draft, {
        "kind": "opportunity", "title": "Leven lang ontwikkelen in de energietransitie",
        "description": "Korte LLO-modules voor zij-instromers in warmtepompen en laadpalen.",
        "evidence": "Vraag van werkgevers in de installatiebranche.", "national": True,
    })  # fmt: skip

    # ZWS: this cycle adopted, awaiting the board.
    zws = secretaries["ZWS"]
    _, revision = _agenda(
        zws, kamers["ZWS"], "Sectoragenda Zorg, welzijn en sport", year, ZWS_PRIORITIES
    )
    services.submit_revision(actor=zws, revision=revision)
    services.adopt_revision(
        actor=zws, revision=revision, meeting_date=local_today(),
        education_side_agreed=True, business_side_agreed=True,
    )  # fmt: skip

    # MTLM: this cycle submitted to the sectorkamer.
    mtlm = secretaries["MTLM"]
    _, revision = _agenda(
        mtlm,
        kamers["MTLM"],
        "Sectoragenda Mobiliteit, transport, logistiek en maritiem",
        year,
        MTLM_PRIORITIES,
    )
    services.submit_revision(actor=mtlm, revision=revision)


def seed_signal_priorities(*, secretary) -> None:
    """Two of the TGO atlas's top signals of the coming cycle are already priorities of its
    draft (the third and fourth in the atlas's ranking: the first two are left for the
    journey through the atlas). Once: nothing happens when the draft has responses."""
    year = cycle_year_for(local_today())
    revision = AgendaRevision.objects.filter(agenda__sectorkamer__code="01", year=year).first()
    if revision is None or revision.signal_responses.exists():
        return
    ranked = top_signals(sectorkamer_id=revision.agenda.sectorkamer_id, year=year).order_by(
        *SIGNAL_ORDER
    )
    for signal in ranked[2:4]:
        services.priority_from_signals(actor=secretary, revision=revision, signals=[signal])


# A one-page PDF, so the demo topic's attachment opens in any reader.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed_topics(*, users: dict) -> None:
    """Agenda topics: Techniek Nederland's, submitted in November and taken up in TGO's draft;
    Albeda College's for the open cycle, with its evidence attached, waiting for the
    secretary; and the Rotterdam table's for ZWS, not taken up with the reason. Once."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .models import AgendaTopic
    from .selectors import open_topic_year

    if AgendaTopic.objects.exists():
        return
    year = cycle_year_for(local_today())
    kamers = {s.abbreviation: s for s in Sectorkamer.objects.all()}
    secretary = users["secretaris"]
    branch = users["lid-bedrijfsleven"]
    with _at(year - 1, 11, 25, 10, 0):
        taken = services.submit_topic(
            actor=branch, sectorkamer=kamers["TGO"], year=year,
            on_behalf=f"organisation:{branch.organisation_id}",
            title="Warmtepompmonteurs opleiden voor de energietransitie",
            explanation="Installateurs kunnen de vraag naar warmtepompen niet bijbenen; de "
            "sectorkamer moet afspraken maken over extra BBL-plaatsen.",
            evidence="Ledenpeiling Techniek Nederland: 7 op 10 bedrijven wijzen klanten af.",
            links="https://www.technieknederland.nl/",
            qualifications=Qualification.objects.filter(crebo="25304"),
            regions=Arbeidsmarktregio.objects.filter(code__in=["AM22"]),
        )  # fmt: skip
    draft = AgendaRevision.objects.filter(agenda__sectorkamer=kamers["TGO"], year=year).first()
    if draft is not None and draft.is_editable:
        services.take_up_topic(
            actor=secretary, topic=taken, comment="Opgenomen als prioriteit in de conceptagenda."
        )
    open_year = open_topic_year(local_today())
    services.submit_topic(
        actor=users["school"], sectorkamer=kamers["TGO"], year=open_year,
        title="Te weinig leerbedrijven voor BBL elektrotechniek in Rijnmond",
        explanation="Studenten BBL elektrotechniek vinden in Rijnmond moeilijk een leerbedrijf; "
        "we vragen de sectorkamer dit als regionale uitdaging op te nemen.",
        evidence="Albeda: 38 aanmeldingen zonder leerbedrijf op 1 oktober.",
        regions=Arbeidsmarktregio.objects.filter(code="AM22"),
        attachment=SimpleUploadedFile("onderbouwing-albeda.pdf", DEMO_PDF, "application/pdf"),
    )  # fmt: skip
    coordinator = users["coordinator"]
    zws = kamers["ZWS"]
    from .selectors import topic_channels

    channels = topic_channels(coordinator, zws)
    if channels:
        with _at(year - 1, 11, 28, 15, 0):
            declined = services.submit_topic(
                actor=coordinator, sectorkamer=zws, year=year, on_behalf=channels[0].key,
                title="Stageplaatsen in de wijkverpleging",
                explanation="De tafel ziet te weinig stageplaatsen in de wijkverpleging.",
            )  # fmt: skip
        services.decline_topic(
            actor=users["secretaris-zws"], topic=declined,
            comment="Dit is al belegd in de afspraak over de baangarantie; we volgen het daar.",
        )  # fmt: skip
