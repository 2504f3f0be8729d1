"""Demo atlas for ``seed_demo``: synthetic DUO enrolments (five years, the demo schools and
qualifications) and synthetic CBS and SBB indicators, made so that every default signal
fires at least once. Every file says in its header that it is a synthetic example."""

from pathlib import Path

from core.timeutils import cycle_year_for, local_today
from regions.models import Sectorkamer

from . import services
from .models import AtlasPublication

DEMO = Path(__file__).resolve().parent / "data" / "demo"
ENROLMENTS = DEMO / "deelnemers-mbo-synthetisch.csv"
INDICATORS = [DEMO / f"indicatoren-{source}-synthetisch.csv" for source in ("cbs", "sbb", "uwv")]


def seed_atlas(*, loaded_by=None) -> None:
    """Load the demo files (again: nothing changes), run the alert function and publish the
    TGO atlas of the coming cycle (by ``loaded_by``, SBB staff)."""
    services.load_indicator_catalogue()
    services.ensure_default_rules()
    with ENROLMENTS.open("rb") as stream:
        services.import_enrolments(
            actor=loaded_by, stream=stream, filename=ENROLMENTS.name,
            title="Deelnemers mbo per instelling en kwalificatie (synthetisch)",
        )  # fmt: skip
    for path in INDICATORS:
        with path.open("rb") as stream:
            services.import_indicators(actor=loaded_by, stream=stream, filename=path.name)
    year = cycle_year_for(local_today())
    tgo = Sectorkamer.objects.get(code="01")
    if loaded_by is not None and not AtlasPublication.objects.filter(sectorkamer=tgo, year=year):
        services.publish_atlas(actor=loaded_by, sectorkamer=tgo, year=year)
