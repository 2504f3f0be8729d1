from django.core.management.base import BaseCommand

from atlas.services import ensure_default_rules, load_indicator_catalogue
from core.timeutils import cycle_year_for, local_today
from notifications.services import ensure_defaults
from regions.services import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the 35 arbeidsmarktregio's, the 8 sectorkamers, the atlas's indicator catalogue, "
        "and the default reminder "
        "policy and cycle milestones of this cycle year and the next (idempotent; the daily "
        "reminder sweep keeps the milestones of later years)."
    )

    def handle(self, *args, **options):
        for table, counts in load_reference_data().items():
            self.stdout.write(
                f"{table}: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged"
            )
        counts = load_indicator_catalogue()
        self.stdout.write(
            f"indicators: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged"
        )
        self.stdout.write(f"signal rules: {ensure_default_rules()} created")
        year = cycle_year_for(local_today())
        ensure_defaults(year)
        self.stdout.write(f"cycle milestones: {year} and {year + 1} present")
