"""Demo agreements for ``seed_demo``: a sector agreement with a regional commitment, and the
"Luchtvaartdienstverlener only near an airport" programme-offer agreement."""

import datetime
from decimal import Decimal

from agendas.models import Priority, RevisionState
from atlas.models import Qualification
from core.timeutils import cycle_year_for, local_today
from regions.models import Arbeidsmarktregio, Organisation, RegionalTable

from . import services
from .models import Agreement


def seed_agreements(*, users: dict) -> None:
    if Agreement.objects.exists():
        return
    today = local_today()
    orgs = {o.name: o for o in Organisation.objects.all()}
    ratified = Priority.objects.filter(revision__state=RevisionState.RATIFIED)
    tgo_priority = ratified.filter(revision__agenda__sectorkamer__code="01").order_by("order")[0]
    last_year = tgo_priority.revision.agenda.last_year

    # TGO: internships agreement, active, with a regional commitment of Techniek Twente.
    secretary, school = users["secretaris"], users["school"]
    agreement = services.create_agreement(
        actor=secretary, priority=tgo_priority, owner=orgs["Albeda College"],
        level="sectoral", category="internships",
        title="Meer leerbanen in de installatietechniek",
        description="Installatiebedrijven bieden samen met de scholen extra BBL-leerbanen.",
        indicator="BBL-leerbanen installatietechniek", unit="leerbanen",
        baseline_value=Decimal("400"), baseline_date=today.replace(month=1, day=1),
        target_value=Decimal("600"), direction="increase",
        rationale="OTIB financiert de begeleiding; 40 bedrijven hebben toegezegd.",
        start_date=today.replace(month=1, day=1),
        deadline=datetime.date(last_year, 12, 31),
        parties=[
            (orgs["Albeda College"], "responsible"), (orgs["FNV"], "informed"),
            (orgs["OTIB (Opleidingsfonds installatietechniek)"], "contributing"),
        ],
    )  # fmt: skip
    services.add_milestone(actor=secretary, agreement=agreement, title="Werving bedrijven rond",
                           due_date=datetime.date(today.year + 1, 6, 30))  # fmt: skip
    services.propose_agreement(actor=secretary, agreement=agreement)
    services.accept_agreement(actor=school, agreement=agreement)
    services.report_progress(
        actor=school, agreement=agreement, period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=3, day=31), value=Decimal("440"), status="on_track",
        narrative="Eerste 40 leerbanen gerealiseerd.",
    )  # fmt: skip

    # A draft the secretary is still working on (its SMART check does not pass yet).
    services.create_agreement(
        actor=secretary, priority=tgo_priority, owner=orgs["ROC van Twente"], level="regional",
        category="guidance", title="Elke week een kansberoep op KiesMBO",
        description="Landelijk staat elke week één kansberoep in de schijnwerpers.",
    )  # fmt: skip

    # MTLM: Luchtvaartdienstverlener only near an airport.
    mtlm = users["secretaris-mtlm"]
    mtlm_priority = Priority.objects.filter(revision__agenda__sectorkamer__code="02").order_by(
        "revision__year", "order"
    )[0]
    offer = services.create_agreement(
        actor=mtlm, priority=mtlm_priority, owner=orgs["ROC van Amsterdam"], level="sectoral",
        category="programme_offer",
        title="Luchtvaartdienstverlener alleen nabij een luchthaven",
        description="De opleiding wordt alleen aangeboden in Groot Amsterdam; andere scholen "
        "bouwen haar af en ruilen een andere opleiding.",
        indicator="Instellingen buiten Groot Amsterdam met Luchtvaartdienstverlener",
        unit="instellingen", baseline_value=Decimal("4"), baseline_date=today,
        target_value=Decimal("0"), direction="decrease",
        rationale="De arbeidsmarkt zit rond Schiphol; scholen ruilen opleidingen onderling.",
        start_date=today, deadline=datetime.date(mtlm_priority.revision.agenda.last_year, 7, 31),
        parties=[
            (orgs["Albeda College"], "responsible"), (orgs["Royal Schiphol Group"], "informed"),
        ],
    )  # fmt: skip
    services.set_offer_rule(
        actor=mtlm, agreement=offer, kind="allowed_regions",
        qualifications=list(Qualification.objects.filter(crebo="25462")),
        regions=list(Arbeidsmarktregio.objects.filter(code="AM18")),
    )  # fmt: skip
    # The offer agreement hangs under a submitted revision's priority: that is allowed;
    # agreements follow the agenda, they do not wait for its ratification.
    services.propose_agreement(actor=mtlm, agreement=offer)
    services.accept_agreement(actor=school, agreement=offer)
    services.report_progress(
        actor=school, agreement=offer, period_start=today, period_end=today, value=Decimal("3"),
        status="on_track", narrative="Zadkine bouwt de opleiding af.",
    )  # fmt: skip

    # Rotterdamse Zorg logs a commitment of its own.
    table = RegionalTable.objects.get(name="Rotterdamse Zorg")
    services.create_agreement(
        actor=users["coordinator"], regional_table=table, owner=orgs["Albeda College"],
        level="regional", category="job_guarantee",
        title="Baangarantie Verzorgende-IG in Rijnmond",
        description="Erasmus MC en Maasstad bieden elke afgestudeerde een baan.",
    )  # fmt: skip
    seed_working_year(users=users, today=today, orgs=orgs)
    seed_members_work(users=users, today=today, orgs=orgs)


def seed_working_year(*, users: dict, today, orgs: dict) -> None:
    """What makes the demo look like a working year: a ZWS sector agreement that Rotterdamse
    Zorg has not worked out yet, another waiting for Albeda College's acceptance, Albeda's
    start notice that breaks the MTLM programme-offer rule, and a notice still in draft."""
    zws, school = users["secretaris-zws"], users["school"]
    zws_priority = Priority.objects.filter(revision__agenda__sectorkamer__abbreviation="ZWS")
    zws_priority = zws_priority.order_by("-revision__year", "order")[0]
    smart = {
        "priority": zws_priority, "owner": orgs["Albeda College"], "level": "sectoral",
        "baseline_date": today.replace(month=1, day=1), "start_date": today.replace(month=1, day=1),
        "deadline": datetime.date(today.year + 2, 7, 31), "direction": "increase",
    }  # fmt: skip
    guarantee = services.create_agreement(
        actor=zws, category="job_guarantee", title="Baangarantie Verzorgende-IG",
        description="Zorgaanbieders bieden elke afgestudeerde Verzorgende-IG een baan.",
        indicator="Afgestudeerden met baangarantie", unit="procent",
        baseline_value=Decimal("60"), target_value=Decimal("95"),
        rationale="De zorgaanbieders in de regio's hebben de garantie toegezegd.",
        parties=[(orgs["Albeda College"], "responsible"), (orgs["FNV"], "informed")], **smart,
    )  # fmt: skip
    services.propose_agreement(actor=zws, agreement=guarantee)
    services.accept_agreement(actor=school, agreement=guarantee)
    services.report_progress(
        actor=school, agreement=guarantee, period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=3, day=31), value=Decimal("68"), status="at_risk",
        narrative="Twee zorgaanbieders haakten af; de garantie geldt nu voor 68%.",
    )  # fmt: skip
    internships = services.create_agreement(
        actor=zws, category="internships", title="Stageplaatsen in de wijkverpleging",
        description="Wijkteams bieden samen met de scholen extra stageplaatsen.",
        indicator="Stageplaatsen wijkverpleging", unit="stageplaatsen",
        baseline_value=Decimal("120"), target_value=Decimal("200"),
        rationale="De wijkteams begeleiden de studenten met hun eigen werkbegeleiders.",
        parties=[(orgs["Albeda College"], "responsible")], **smart,
    )  # fmt: skip
    services.propose_agreement(actor=zws, agreement=internships)
    services.give_table_input(
        actor=users["coordinator"], agreement=guarantee,
        regional_table=RegionalTable.objects.get(name="Rotterdamse Zorg"),
        text="Maasstad Ziekenhuis kan de baangarantie pas vanaf 2028 bieden; het Erasmus MC "
        "neemt tot dan extra afgestudeerden aan.",
    )  # fmt: skip

    year = cycle_year_for(today)
    rijnmond = Arbeidsmarktregio.objects.get(code="AM22")
    start = services.create_notice(
        actor=school, institution=orgs["Albeda College"],
        qualification=Qualification.objects.get(crebo="25462"), action="start", leerweg="BOL",
        municipality="Vlaardingen", region=rijnmond, study_year=year + 1,
    )  # fmt: skip
    services.submit_notice(actor=school, notice=start)  # outside Groot Amsterdam: a conflict
    services.create_notice(
        actor=school, institution=orgs["Albeda College"],
        qualification=Qualification.objects.get(crebo="25655"), action="stop", leerweg="BBL",
        municipality="Schiedam", region=rijnmond, study_year=year,
    )  # fmt: skip


def seed_members_work(*, users: dict, today, orgs: dict) -> None:
    """Work for Karin, a TGO member who also represents Techniek Nederland: it owns an active
    agreement whose first report is overdue, and must still accept a proposed one."""
    secretary = users["secretaris"]
    business = users["lid-bedrijfsleven"]
    priority = Priority.objects.filter(
        revision__agenda__sectorkamer__code="01", revision__state=RevisionState.RATIFIED
    ).order_by("order")[0]
    smart = {
        "priority": priority, "level": "sectoral", "direction": "increase",
        "baseline_date": today.replace(month=1, day=1), "start_date": today.replace(month=1, day=1),
        "deadline": datetime.date(today.year + 2, 12, 31),
    }  # fmt: skip
    retraining = services.create_agreement(
        actor=secretary, owner=orgs["Techniek Nederland"], category="lifelong_learning",
        title="Zij-instroom in de installatietechniek",
        description="Werkenden uit krimpberoepen stromen via een BBL-traject in als monteur.",
        indicator="Zij-instromers in een BBL-traject", unit="personen",
        baseline_value=Decimal("150"), target_value=Decimal("300"),
        rationale="Techniek Nederland werft, ROC van Twente verzorgt de trajecten.",
        parties=[(orgs["Techniek Nederland"], "responsible"),
                 (orgs["ROC van Twente"], "informed")], **smart,
    )  # fmt: skip
    services.propose_agreement(actor=secretary, agreement=retraining)
    services.accept_agreement(actor=business, agreement=retraining)
    practice = services.create_agreement(
        actor=secretary, owner=orgs["ROC van Twente"], category="internships",
        title="Praktijkleren in de elektrotechniek",
        description="Elektrotechnische bedrijven in Twente bieden samen extra leerwerkplekken.",
        indicator="Leerwerkplekken elektrotechniek", unit="leerwerkplekken",
        baseline_value=Decimal("80"), target_value=Decimal("140"),
        rationale="De bedrijven delen de praktijkopleiders; de school plant de roosters mee.",
        parties=[(orgs["ROC van Twente"], "responsible"),
                 (orgs["Techniek Nederland"], "contributing")], **smart,
    )  # fmt: skip
    services.propose_agreement(actor=secretary, agreement=practice)
