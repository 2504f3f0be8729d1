"""Demo practice for ``seed_demo``."""

from agreements.models import Agreement
from regions.models import Arbeidsmarktregio

from . import services
from .models import Practice


def seed_practices(*, users: dict) -> None:
    """Shared practice on TGO's internships agreement: Albeda's, published by the secretary;
    ROC van Twente's lesson from what did not work, waiting for review. Once."""
    agreement = Agreement.objects.filter(title="Meer leerbanen in de installatietechniek").first()
    if agreement is None or Practice.objects.exists():
        return
    rijnmond = Arbeidsmarktregio.objects.filter(code="AM22")
    published = services.submit_practice(
        actor=users["school"], agreement=agreement, kind="good", category="internships",
        title="Leerbanen samen werven met de branchevereniging",
        what_was_done="Albeda en de installatiebranche wierven samen leerbedrijven op "
        "bedrijvendagen, met één aanmeldformulier voor alle opleidingen.",
        result="42 nieuwe leerbanen in een half jaar; 9 op de 10 bedrijven blijven leerbedrijf.",
        lessons="Eén loket voor bedrijven werkt: ze willen niet per opleiding benaderd worden.",
        regions=rijnmond,
    )  # fmt: skip
    services.publish_practice(actor=users["secretaris"], practice=published)
    services.submit_practice(
        actor=users["lid-onderwijs"], agreement=agreement, kind="bad", category="internships",
        title="Een stagebank zonder begeleiding",
        what_was_done="Een online stagebank voor leerbanen, zonder contactpersoon per bedrijf.",
        result="Bedrijven plaatsten vacatures, maar reageerden niet op studenten.",
        lessons="Zorg voor een vaste begeleider bij elk leerbedrijf voordat de bank opengaat.",
    )  # fmt: skip
